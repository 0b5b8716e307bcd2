import { createRequire } from 'node:module';
import {
  type Client,
  credentials,
  loadPackageDefinition,
  Metadata,
  makeGenericClientConstructor,
  type ServiceDefinition,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { Kafka } from 'kafkajs';
import type { LocalPlatform } from '@demand/all-in-one';
import { platformServices, Topics, withApiKey } from '@demand/contracts';
import { adversarialInputs, Random } from '@demand/testkit';
import { consumerLag } from './consumer-lag.js';

/** Which platform service serves each gRPC service. */
const SERVER_OF: Record<keyof typeof platformServices, string> = {
  'demand.v1.Collector': 'collector',
  'demand.v1.Features': 'aggregator',
  'demand.v1.Privacy': 'aggregator',
  'demand.v1.TextAnalysis': 'embedder',
  'demand.v1.Forecast': 'forecaster',
  'demand.v1.Recommend': 'recommender',
  'demand.v1.Feedback': 'feedback',
};

const SERVED = Object.entries(platformServices).map(([name, definition]) => ({
  name,
  server: SERVER_OF[name as keyof typeof platformServices],
  definition: definition as unknown as ServiceDefinition,
}));

/** Every topic a service consumes, with the consumer groups that read it. */
const CONSUMED: { topic: string; groups: string[] }[] = [
  { topic: Topics.eventsRaw.name, groups: ['preprocessor'] },
  { topic: Topics.eventsClean.name, groups: ['aggregator', 'embedder-items'] },
  { topic: Topics.textsClean.name, groups: ['embedder'] },
  { topic: Topics.embeddingsUpdated.name, groups: ['aggregator-sentiments'] },
  { topic: Topics.trainingRequested.name, groups: ['forecaster'] },
  { topic: Topics.usersForgotten.name, groups: ['embedder-privacy'] },
];

/** Statuses that are a clear answer to bad input (or a busy service saying so). */
const CLEAR = new Set([
  status.OK,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.FAILED_PRECONDITION,
  status.OUT_OF_RANGE,
  status.RESOURCE_EXHAUSTED,
  status.UNAVAILABLE,
  status.PERMISSION_DENIED,
  status.UNAUTHENTICATED,
]);

export interface FuzzReport {
  /** gRPC calls made plus records produced. */
  inputs: number;
  /** Statuses by name over the gRPC calls. */
  codes: Record<string, number>;
  /** Calls answered INTERNAL or UNKNOWN: no clear error. */
  unclear: string[];
  /** Calls with no answer within the deadline. */
  hangs: string[];
  /** Services not SERVING afterwards, and consumer groups that did not get through their records. */
  crashes: string[];
  /** Records that ended in a dead-letter topic. */
  deadLettered: number;
}

/** A client of any service that sends and receives raw bytes, so the server's decoder sees the input as is. */
function rawClient(entry: (typeof SERVED)[number], address: string, apiKey: string | undefined) {
  const raw = Object.fromEntries(
    Object.entries(entry.definition).map(([method, d]) => [
      method,
      { ...d, requestSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b },
    ]),
  );
  const Constructor = makeGenericClientConstructor(raw as never, entry.name);
  return new Constructor(address, credentials.createInsecure(), withApiKey(apiKey)) as unknown as Client &
    Record<string, (...args: unknown[]) => unknown>;
}

/** Sends `perMethod` adversarial inputs to every method of every service. */
export async function fuzzGrpc(
  platform: LocalPlatform,
  options: { perMethod: number; seed: number; apiKey?: string; deadlineMs: number },
  report: FuzzReport,
): Promise<void> {
  const random = new Random(options.seed);
  for (const entry of SERVED) {
    const client = rawClient(entry, platform.grpcAddress(entry.server), options.apiKey);
    try {
      for (const method of Object.keys(entry.definition)) {
        for (const input of adversarialInputs(options.perMethod, random)) {
          report.inputs++;
          const code = await new Promise<status>((resolve) =>
            client[method]!.call(
              client,
              input.bytes,
              new Metadata(),
              { deadline: Date.now() + options.deadlineMs },
              (error: ServiceError | null) => resolve(error ? error.code : status.OK),
            ),
          );
          const name = status[code] ?? String(code);
          report.codes[name] = (report.codes[name] ?? 0) + 1;
          const what = `${entry.name}/${method} ${input.kind}`;
          if (code === status.DEADLINE_EXCEEDED) report.hangs.push(what);
          else if (!CLEAR.has(code)) report.unclear.push(`${what}: ${name}`);
        }
      }
    } finally {
      client.close();
    }
  }
}

/** Produces `perTopic` adversarial records to every consumed topic, then waits for every group to get through them. */
export async function fuzzTopics(
  kafka: Kafka,
  options: { perTopic: number; seed: number; drainTimeoutMs: number },
  report: FuzzReport,
): Promise<void> {
  const random = new Random(options.seed);
  const producer = kafka.producer();
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  try {
    const dlqBefore = await dlqTotal(admin);
    for (const { topic } of CONSUMED) {
      // The broker refuses records over its message size; the gRPC leg sends the huge ones.
      const inputs = adversarialInputs(options.perTopic, random).filter((i) => i.bytes.length < 512 * 1024);
      report.inputs += inputs.length;
      await producer.send({ topic, messages: inputs.map((i, n) => ({ key: `fuzz-${n}`, value: i.bytes })) });
    }
    const deadline = Date.now() + options.drainTimeoutMs;
    for (const { topic, groups } of CONSUMED) {
      for (const groupId of groups) {
        while ((await consumerLag(admin, groupId, topic)) > 0) {
          if (Date.now() > deadline) {
            report.crashes.push(`consumer ${groupId} stuck on ${topic}`);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    }
    report.deadLettered += (await dlqTotal(admin)) - dlqBefore;
  } finally {
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  }
}

async function dlqTotal(admin: ReturnType<Kafka['admin']>): Promise<number> {
  let total = 0;
  for (const { topic } of CONSUMED) {
    for (const p of await admin.fetchTopicOffsets(`${topic}.dlq`)) total += Number(p.high) - Number(p.low);
  }
  return total;
}

/** Every service with a gRPC server answers its health check with SERVING. */
export async function checkAlive(platform: LocalPlatform, report: FuzzReport): Promise<void> {
  const require = createRequire(import.meta.url);
  const loaded = loadPackageDefinition(
    loadSync(require('grpc-health-check').protoPath as string, { enums: String }),
  ) as never as { grpc: { health: { v1: { Health: new (a: string, c: unknown) => Client & Record<string, never> } } } };
  for (const server of new Set(SERVED.map((s) => s.server))) {
    const health = new loaded.grpc.health.v1.Health(
      platform.grpcAddress(server),
      credentials.createInsecure(),
    ) as never as {
      check(req: unknown, opts: unknown, cb: (e: ServiceError | null, r: { status: string }) => void): void;
      close(): void;
    };
    const answer = await new Promise<string>((resolve) =>
      health.check({ service: '' }, { deadline: Date.now() + 5_000 }, (error, res) =>
        resolve(error ? `error ${status[error.code]}` : res.status),
      ),
    );
    health.close();
    if (answer !== 'SERVING') report.crashes.push(`${server} health: ${answer}`);
  }
}

export function emptyFuzzReport(): FuzzReport {
  return { inputs: 0, codes: {}, unclear: [], hangs: [], crashes: [], deadLettered: 0 };
}
