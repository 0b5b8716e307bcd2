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
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { accessFor, type ApiKeyRecord, CallAuthorizer, FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { callGuard } from '../src/call-guard.js';
import { protoMethodPaths, protoServices } from './support/proto-services.js';

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
  for (const [, methods] of protoServices()) {
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

test('on every method, a key of another tenant is refused like a key without the scope; on its own tenant it passes', async () => {
  const denied = { code: status.PERMISSION_DENIED, details: 'this API key may not call this method' };
  const reached = { code: status.ABORTED, details: REACHED };
  // Every method of the .proto files, listed in the scope table or not (call-guard.test.ts checks the table).
  for (const method of protoMethodPaths()) {
    const access = accessFor(method);
    const scope = access.kind === 'scope' ? access.scope : 'admin';
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
});
