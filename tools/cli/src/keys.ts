import { type ApiKeyStore, apiKeyStoreFor, issueApiKey, parseScopes, type Scope, tenantOfKey } from '@demand/api-keys';
import {
  apiKeyStoreFields,
  type ApiKeyStoreEnv,
  checkPlatformFields,
  DEFAULT_TENANT,
  evenAfterFieldErrors,
  isTenantId,
  parseConfig,
  z,
} from '@demand/config';
import { eachArgument } from './args.js';
import type { CliIo } from './run-cli.js';

export const keysUsage = [
  'usage: demand keys create --name NAME --scopes track,read,recommend,admin [--tenant TENANT]',
  '                          [--rate CALLS_PER_SECOND] [--file PATH]',
  '       demand keys list [--file PATH]',
  '       demand keys revoke ID [--file PATH]',
  '',
  'Manages the API keys the gRPC servers accept when GRPC_AUTH=required. Only a hash of each key is stored;',
  '`create` prints the key once. Servers see a new or revoked key within GRPC_API_KEYS_REFRESH_MS (1 s).',
  'Scopes: track (Collector), read (Features, Forecast, TextAnalysis), recommend (Recommend), admin (everything).',
  'The store: GRPC_API_KEYS_STORE=file (default) or clickhouse (the api_keys table of CLICKHOUSE_DATABASE on',
  'CLICKHOUSE_URL, with CLICKHOUSE_USER and CLICKHOUSE_PASSWORD), as the servers are configured.',
  'Default --file: $GRPC_API_KEYS_FILE or .data/api-keys.json (the file local mode and the servers use).',
  'Default --tenant: $TENANT_ID or default. A key reaches only the servers whose TENANT_ID is its tenant.',
].join('\n');

interface KeysOptions {
  action?: string;
  id?: string;
  name?: string;
  scopes?: Scope[];
  rate?: number;
  /** Only `create` uses a tenant: `--tenant`, else TENANT_ID, else the default tenant. */
  tenant: { value: string; from: string };
  file?: string;
}

const storeSchema = z.object(apiKeyStoreFields).superRefine(checkPlatformFields, evenAfterFieldErrors);

function parse(argv: string[], environment: NodeJS.ProcessEnv): KeysOptions {
  const o: KeysOptions = {
    tenant:
      environment.TENANT_ID === undefined
        ? { value: DEFAULT_TENANT, from: 'the default' }
        : { value: environment.TENANT_ID, from: 'TENANT_ID' },
  };
  const rest: string[] = [];
  eachArgument(argv, (arg, value) => {
    if (arg === '--name') o.name = value();
    else if (arg === '--scopes') o.scopes = parseScopes(value());
    else if (arg === '--file') o.file = value();
    else if (arg === '--tenant') o.tenant = { value: value(), from: '--tenant' };
    else if (arg === '--rate') {
      o.rate = Number(value());
      if (!Number.isFinite(o.rate) || o.rate <= 0) throw new Error('--rate must be a positive number');
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else rest.push(arg);
  });
  [o.action, o.id] = rest;
  return o;
}

/** `demand keys …`; returns the exit code. `openStore` picks the store from the config (tests hand in their own). */
export async function runKeys(
  argv: string[],
  io: CliIo,
  environment = process.env,
  openStore: typeof apiKeyStoreFor = apiKeyStoreFor,
): Promise<number> {
  let o: KeysOptions;
  let storeEnv: ApiKeyStoreEnv;
  try {
    o = parse(argv, environment);
    storeEnv = parseConfig(storeSchema, environment);
    if (o.action === 'create' && (!o.name || !o.scopes)) throw new Error('create needs --name and --scopes');
    if (o.action === 'revoke' && !o.id) throw new Error('revoke needs the id of a key (see `demand keys list`)');
    if (!['create', 'list', 'revoke'].includes(o.action ?? '')) throw new Error('expected create, list or revoke');
    if (o.file !== undefined && storeEnv.GRPC_API_KEYS_STORE !== 'file') {
      throw new Error('--file names a key file, but GRPC_API_KEYS_STORE=clickhouse keeps the keys in ClickHouse');
    }
    if (o.action === 'create' && !isTenantId(o.tenant.value)) {
      throw new Error(
        `${o.tenant.from} must be a lower-case slug such as shop-a; got ${JSON.stringify(o.tenant.value)}`,
      );
    }
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${keysUsage}\n`);
    return 2;
  }
  const keys = openStore(storeEnv, o.file === undefined ? {} : { file: o.file });
  try {
    await keys.open({ create: o.action === 'create' });
    return await keysAction(o, keys.store, keys.location, io);
  } catch (error) {
    io.stderr(`error: ${keys.location}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await keys.close();
  }
}

async function keysAction(o: KeysOptions, store: ApiKeyStore, location: string, io: CliIo): Promise<number> {
  if (o.action === 'create') {
    const issued = issueApiKey({
      name: o.name!,
      scopes: o.scopes!,
      tenant: o.tenant.value,
      ...(o.rate === undefined ? {} : { ratePerSecond: o.rate }),
    });
    await store.add(issued.record);
    const { id, name, tenant, scopes, ratePerSecond } = issued.record;
    io.stdout(`${JSON.stringify({ id, name, tenant, scopes, ratePerSecond, apiKey: issued.token }, null, 2)}\n`);
    io.stderr('The key is shown only this once; callers send it as `authorization: Bearer <key>`.\n');
    return 0;
  }
  if (o.action === 'list') {
    const keys = (await store.list()).map(({ secretHash: _hash, ...shown }) => ({
      ...shown,
      tenant: tenantOfKey(shown.tenant),
    }));
    io.stdout(`${JSON.stringify(keys, null, 2)}\n`);
    return 0;
  }
  if (!(await store.revoke(o.id!, new Date()))) {
    io.stderr(`no API key with id ${JSON.stringify(o.id)} in ${location}\n`);
    return 1;
  }
  io.stdout(`${JSON.stringify({ revoked: o.id })}\n`);
  return 0;
}
