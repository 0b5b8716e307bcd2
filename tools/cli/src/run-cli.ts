import { credentials, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { withApiKey } from '@demand/contracts/messages';
import { commands, type Command } from './commands.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

interface ParsedArgs {
  addresses: { collector: string; features: string; textAnalysis: string; forecaster: string; feedback: string };
  timeoutMs: number;
  apiKey?: string;
  command?: string;
  body?: string;
}

const defaults = {
  collector: '127.0.0.1:50051',
  features: '127.0.0.1:50054',
  textAnalysis: '127.0.0.1:50053',
  forecaster: '127.0.0.1:50055',
  feedback: '127.0.0.1:50057',
};

function parseArgs(argv: string[], environment: NodeJS.ProcessEnv): ParsedArgs {
  const parsed: ParsedArgs = { addresses: { ...defaults }, timeoutMs: 10_000 };
  if (environment.DEMAND_API_KEY) parsed.apiKey = environment.DEMAND_API_KEY;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--collector') parsed.addresses.collector = value();
    else if (arg === '--features') parsed.addresses.features = value();
    else if (arg === '--text-analysis') parsed.addresses.textAnalysis = value();
    else if (arg === '--forecaster') parsed.addresses.forecaster = value();
    else if (arg === '--feedback') parsed.addresses.feedback = value();
    else if (arg === '--timeout') parsed.timeoutMs = Number(value());
    else if (arg === '--api-key') parsed.apiKey = value();
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else rest.push(arg);
  }
  [parsed.command, parsed.body] = rest;
  return parsed;
}

class UsageError extends Error {}

export function usage(): string {
  const lines = [
    'usage: demand [--collector HOST:PORT] [--features HOST:PORT] [--text-analysis HOST:PORT] [--forecaster HOST:PORT]',
    '              [--feedback HOST:PORT] [--timeout MS] [--api-key KEY] <command> [JSON | -]',
    '',
    'Calls one gRPC method of the platform with a JSON request (argument, or - for stdin) and prints the JSON answer.',
    `Defaults: --collector ${defaults.collector} --features ${defaults.features} --text-analysis ${defaults.textAnalysis}` +
      ` --forecaster ${defaults.forecaster} --feedback ${defaults.feedback}`,
    'Servers with GRPC_AUTH=required need an API key: --api-key, or DEMAND_API_KEY in the environment.',
    '',
    'commands:',
    ...commands.map(
      (c) => `  ${c.name.padEnd(15)} ${c.grpcMethod.padEnd(38)} ${c.summary}\n  ${''.padEnd(15)} e.g. '${c.example}'`,
    ),
    `  ${'import'.padEnd(15)} ${'(Collector TrackBatch/UpsertItems)'.padEnd(38)} load history from JSON Lines/CSV (gzip): demand import --help`,
    `  ${'keys'.padEnd(15)} ${'(API key store, no gRPC)'.padEnd(38)} create, list and revoke API keys: demand keys --help`,
    `  ${'backfill'.padEnd(15)} ${'(analytics store, no gRPC)'.padEnd(38)} rebuild the feature tables from raw events: demand backfill --help`,
  ];
  return lines.join('\n');
}

function invoke(command: Command, address: string, request: unknown, args: ParsedArgs): Promise<unknown> {
  const client = new command.clientClass(
    address,
    credentials.createInsecure(),
    withApiKey(args.apiKey),
  ) as unknown as Client & Record<string, (...args: unknown[]) => unknown>;
  const deadline = new Date(Date.now() + args.timeoutMs);
  return new Promise<unknown>((resolve, reject) => {
    client[command.clientMethod]!.call(
      client,
      request,
      { deadline },
      (error: ServiceError | null, response: unknown) => {
        client.close();
        if (error) reject(error);
        else resolve(response);
      },
    );
  });
}

/** Runs one CLI invocation; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo, environment = process.env): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, environment);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${usage()}\n`);
    return 2;
  }
  if (!args.command || args.command === 'help' || args.command === '--help') {
    io.stdout(`${usage()}\n`);
    return args.command ? 0 : 2;
  }
  const command = commands.find((c) => c.name === args.command);
  if (!command) {
    io.stderr(`unknown command ${JSON.stringify(args.command)}\n\n${usage()}\n`);
    return 2;
  }
  let json: unknown;
  try {
    const text = args.body === '-' ? await io.readStdin() : (args.body ?? '{}');
    json = JSON.parse(text);
  } catch (error) {
    io.stderr(`the request is not valid JSON: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const response = await invoke(command, args.addresses[command.server], command.request.fromJSON(json), args);
    io.stdout(`${JSON.stringify(command.response.toJSON(response), null, 2)}\n`);
    return 0;
  } catch (error) {
    const e = error as ServiceError;
    io.stderr(`error: ${status[e.code] ?? 'UNKNOWN'}: ${e.details || e.message}\n`);
    return 1;
  }
}
