import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  credentials,
  Metadata,
  makeGenericClientConstructor,
  Server,
  ServerCredentials,
  type ServiceDefinition,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoFiles, protoRoot } from '@demand/contracts';
import { type ApiKeyRecord, CallAuthorizer, FileApiKeyStore, issueApiKey, methodScopes } from '@demand/api-keys';
import { callGuard } from '../src/call-guard.js';

/**
 * Every method of every service in proto/demand/v1, read from the .proto files themselves: a
 * service or method added there is in this list whether or not anyone remembered to list it.
 */
function everyProtoMethod(): { service: string; path: string }[] {
  const definitions = loadSync(protoFiles(), { includeDirs: [protoRoot] });
  return Object.entries(definitions)
    .filter(([, definition]) => !('format' in definition))
    .flatMap(([service, definition]) =>
      Object.values(definition as ServiceDefinition).map((method) => ({ service, path: method.path })),
    );
}

const REACHED = 'the handler ran';
const handled: string[] = [];
let dir: string;
let store: FileApiKeyStore;
const servers: Server[] = [];
/** Address of the server of each tenant. */
const addresses: Record<string, string> = {};

/** Every service of the .proto files behind the interceptor GrpcTransport installs, for one tenant's server. */
async function startGuardedServer(tenant: string): Promise<string> {
  const server = new Server({
    interceptors: [
      callGuard({ maxCallMs: 10_000, authorizer: new CallAuthorizer(store, { defaultRatePerSecond: 10_000, tenant }) }),
    ],
  });
  servers.push(server);
  for (const definition of Object.values(loadSync(protoFiles(), { includeDirs: [protoRoot] }))) {
    if ('format' in definition) continue;
    const methods = definition as ServiceDefinition;
    const handlers = Object.fromEntries(
      Object.entries(methods).map(([method, d]) => [
        method,
        (_call: unknown, callback: (error: Partial<ServiceError>) => void) => {
          handled.push(`${tenant} ${d.path}`);
          callback({ code: status.ABORTED, details: REACHED });
        },
      ]),
    );
    server.addService(methods, handlers as never);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  return `127.0.0.1:${port}`;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tenant-guard-'));
  store = new FileApiKeyStore(path.join(dir, 'keys.json'), 0);
  for (const tenant of ['shop-a', 'shop-b', 'default']) addresses[tenant] = await startGuardedServer(tenant);
});

afterAll(async () => {
  for (const server of servers) server.forceShutdown();
  await rm(dir, { recursive: true, force: true });
});

/** Calls `methodPath` with an empty request (valid for every message) and the key; the status it ends with. */
function call(tenant: string, methodPath: string, key: string): Promise<{ code: status; details: string }> {
  const [, service, method] = /^\/([^/]+)\/([^/]+)$/.exec(methodPath)!;
  const Raw = makeGenericClientConstructor(
    {
      [method!]: {
        path: methodPath,
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    service!,
  );
  const client = new Raw(addresses[tenant]!, credentials.createInsecure()) as never as Record<
    string,
    (request: Buffer, metadata: Metadata, callback: (error: ServiceError | null) => void) => void
  > & { close(): void };
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${key}`);
  return new Promise((resolve) =>
    client[method!]!(Buffer.alloc(0), metadata, (error) => {
      client.close();
      resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: '' });
    }),
  );
}

async function keyFor(record: { tenant?: string; scopes: ApiKeyRecord['scopes'] }, legacy = false): Promise<string> {
  const issued = issueApiKey({ name: 'k', scopes: record.scopes, ...(record.tenant ? { tenant: record.tenant } : {}) });
  // A key file written before tenancy: records have no tenant field.
  const { tenant: _tenant, ...withoutTenant } = issued.record;
  await store.add(legacy ? withoutTenant : issued.record);
  return issued.token;
}

test('every method in the .proto files is listed in methodScopes, and nothing else is', () => {
  const methods = everyProtoMethod().map((m) => m.path);
  assert.ok(methods.length >= Object.keys(methodScopes).length);
  assert.deepEqual(
    methods.filter((p) => !(p in methodScopes)),
    [],
  );
  assert.deepEqual(
    Object.keys(methodScopes).filter((p) => !methods.includes(p)),
    [],
  );
});

test('on every method, a key of another tenant is refused like a key without the scope; on its own tenant it passes', async () => {
  const denied = { code: status.PERMISSION_DENIED, details: 'this API key may not call this method' };
  const reached = { code: status.ABORTED, details: REACHED };
  const methods = Object.keys(methodScopes);
  for (const method of methods) {
    const scope = methodScopes[method]!;
    const ofB = await keyFor({ tenant: 'shop-b', scopes: [scope] });
    const adminOfB = await keyFor({ tenant: 'shop-b', scopes: ['admin'] });
    const adminFromBeforeTenancy = await keyFor({ scopes: ['admin'] }, true);
    handled.length = 0;
    for (const key of [ofB, adminOfB, adminFromBeforeTenancy]) {
      assert.deepEqual(await call('shop-a', method, key), denied, method);
    }
    assert.deepEqual(handled, [], `no handler of shop-a ran for ${method}`);
    // The same keys' scopes let them through on their own tenant's server: the refusals were the tenant's alone.
    assert.deepEqual(await call('shop-b', method, ofB), reached, method);
    assert.deepEqual(await call('shop-b', method, adminOfB), reached, method);
    assert.deepEqual(await call('default', method, adminFromBeforeTenancy), reached, method);
    assert.deepEqual(handled, [`shop-b ${method}`, `shop-b ${method}`, `default ${method}`]);
  }
  assert.equal(methods.length, everyProtoMethod().length);
});
