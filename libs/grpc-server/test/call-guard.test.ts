import 'reflect-metadata';
import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type ChannelCredentials,
  credentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { Controller, Inject, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  CollectorClient,
  type CollectorController,
  CollectorControllerMethods,
  CollectorService,
  type TrackBatchRequest,
  withApiKey,
} from '@demand/contracts';
import { type ApiKeyStore, CallAuthorizer, FileApiKeyStore, issueApiKey, methodScopes } from '@demand/api-keys';
import { type CallGuardSettings, GrpcCallInterceptor, GrpcExceptionFilter } from '../src/index.js';
import { type GrpcTestServer, startGrpcTestServer } from '../src/testing.js';
import { protoMethodPaths } from './support/proto-services.js';

const CALLS = Symbol('calls');
interface Calls {
  handled: number;
  delayMs: number;
}

@Controller()
@UseFilters(GrpcExceptionFilter)
@UseInterceptors(GrpcCallInterceptor)
@CollectorControllerMethods()
class GuardedCollector implements CollectorController {
  constructor(@Inject(CALLS) private readonly calls: Calls) {}
  async track() {
    this.calls.handled++;
    await new Promise((resolve) => setTimeout(resolve, this.calls.delayMs));
    return { eventId: 'e' };
  }
  async trackBatch(request: TrackBatchRequest) {
    this.calls.handled++;
    return { accepted: request.events.length };
  }
  async upsertItems() {
    return { accepted: 0 };
  }
}

let dir: string;
let store: FileApiKeyStore;
const calls: Calls = { handled: 0, delayMs: 0 };
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'call-guard-'));
  store = new FileApiKeyStore(path.join(dir, 'keys.json'), 0);
  for (const [name, scopes, rate] of [
    ['tracker', ['track'], 1000],
    ['reader', ['read'], 1000],
    ['slow', ['track'], 3],
    ['revoked', ['admin'], 1000],
  ] as const) {
    const issued = issueApiKey({ name, scopes: [...scopes], ratePerSecond: rate });
    await store.add(issued.record);
    tokens[name] = issued.token;
  }
  const revokedId = (await store.list()).find((k) => k.name === 'revoked')!.id;
  await store.revoke(revokedId, new Date());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withServer(
  guard: Partial<CallGuardSettings>,
  body: (
    server: GrpcTestServer,
    client: (key?: string, creds?: ChannelCredentials) => CollectorClient,
  ) => Promise<void>,
  tls?: Parameters<typeof startGrpcTestServer>[0]['tls'],
): Promise<void> {
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Collector': CollectorService },
    controllers: [GuardedCollector],
    providers: [{ provide: CALLS, useValue: calls }],
    guard: {
      maxCallMs: 60_000,
      authorizer: new CallAuthorizer(store, { defaultRatePerSecond: 1000, tenant: 'default' }),
      ...guard,
    },
    ...(tls ? { tls } : {}),
  });
  const clients: CollectorClient[] = [];
  try {
    await body(server, (key, creds = credentials.createInsecure()) => {
      const client = new CollectorClient(
        server.address,
        creds,
        withApiKey(key, { 'grpc.ssl_target_name_override': 'localhost' }),
      );
      clients.push(client);
      return client;
    });
  } finally {
    for (const c of clients) c.close();
    await server.close();
  }
}

function track(client: CollectorClient, metadata = new Metadata()): Promise<{ code: status; details: string }> {
  return new Promise((resolve) =>
    client.track({ event: undefined }, metadata, (error: ServiceError | null) =>
      resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: '' }),
    ),
  );
}

const unauthenticated = { code: status.UNAUTHENTICATED, details: 'missing or invalid API key' };

test('no key, a malformed, forged, unknown or revoked key: UNAUTHENTICATED, the same words, no handler run', async () => {
  await withServer({}, async (_server, client) => {
    calls.handled = 0;
    const forged = `${tokens.tracker!.slice(0, -3)}${tokens.tracker!.endsWith('A') ? 'BBB' : 'AAA'}`;
    const attempts = [
      undefined,
      'not-a-key',
      forged,
      issueApiKey({ name: 'x', scopes: ['admin'] }).token,
      tokens.revoked,
      tokens.tracker!.toUpperCase(),
      `${tokens.reader!.slice(0, 21)}${tokens.tracker!.slice(21)}`,
    ];
    for (const key of attempts) assert.deepEqual(await track(client(key)), unauthenticated, String(key));
    const viaHeader = new Metadata();
    viaHeader.set('x-api-key', `dmk_0000000000000000_${'A'.repeat(43)}`);
    assert.deepEqual(await track(client(), viaHeader), unauthenticated);
    assert.equal(calls.handled, 0);
    assert.deepEqual(await track(client(tokens.tracker)), { code: status.OK, details: '' });
    const viaApiKeyHeader = new Metadata();
    viaApiKeyHeader.set('x-api-key', tokens.tracker!);
    assert.deepEqual(await track(client(), viaApiKeyHeader), { code: status.OK, details: '' });
    assert.equal(calls.handled, 2);
  });
});

test('a valid key without the scope: PERMISSION_DENIED that names neither the scope nor the key', async () => {
  await withServer({}, async (server, client) => {
    calls.handled = 0;
    const answer = await track(client(tokens.reader));
    assert.deepEqual(answer, { code: status.PERMISSION_DENIED, details: 'this API key may not call this method' });
    assert.equal(calls.handled, 0);
    assert.match(
      await server.registry.metrics(),
      /grpc_server_handled_total\{method="demand.v1.Collector\/Track",code="7"\} 1/,
    );
  });
});

test('a key past its rate: RESOURCE_EXHAUSTED while other keys go on', async () => {
  await withServer({}, async (_server, client) => {
    const slow = client(tokens.slow);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await track(slow)).code);
    assert.deepEqual(codes, [status.OK, status.OK, status.OK, status.RESOURCE_EXHAUSTED, status.RESOURCE_EXHAUSTED]);
    // The refusal says when the key has a call again (3 a second: within 334 ms).
    const hint = await new Promise<Metadata | undefined>((resolve) =>
      slow.track({ event: undefined }, new Metadata(), (error: ServiceError | null) => resolve(error?.metadata)),
    );
    assert.deepEqual(hint?.get('retry-after-ms'), ['334']);
    assert.equal((await track(client(tokens.tracker))).code, status.OK);
  });
});

test('a call past the server limit ends with DEADLINE_EXCEEDED even when the client set no deadline', async () => {
  await withServer({ maxCallMs: 150 }, async (_server, client) => {
    calls.delayMs = 800;
    try {
      const started = Date.now();
      const answer = await track(client(tokens.tracker));
      assert.equal(answer.code, status.DEADLINE_EXCEEDED);
      assert.ok(Date.now() - started < 700);
    } finally {
      calls.delayMs = 0;
    }
  });
});

test('a message over the size limit is refused with RESOURCE_EXHAUSTED before any handler runs', async () => {
  await withServer({}, async (_server, client) => {
    calls.handled = 0;
    const huge = Array.from({ length: 5_000 }, (_, i) => ({ eventId: `e${i}`.padEnd(1_000, 'x') }));
    const answer = await new Promise<ServiceError | null>((resolve) =>
      client(tokens.tracker).trackBatch({ events: huge as never }, (error) => resolve(error)),
    );
    assert.equal(answer?.code, status.RESOURCE_EXHAUSTED);
    assert.equal(calls.handled, 0);
  });
});

test('when the key store cannot be read, calls get UNAVAILABLE and the failure is reported, not swallowed', async () => {
  const broken: ApiKeyStore = {
    find: () => Promise.reject(new Error('store unreachable')),
    list: () => Promise.resolve([]),
    add: () => Promise.resolve(),
    revoke: () => Promise.resolve(false),
  };
  const reported: unknown[] = [];
  await withServer(
    {
      authorizer: new CallAuthorizer(broken, { defaultRatePerSecond: 10, tenant: 'default' }),
      onRejected: (_method, _code, error) => reported.push(error),
    },
    async (_server, client) => {
      assert.equal((await track(client(tokens.tracker))).code, status.UNAVAILABLE);
      assert.match(String(reported[0]), /store unreachable/);
    },
  );
});

test('every method in the .proto files has a scope of its own (new ones are admin-only until listed), and no other', () => {
  const methods = protoMethodPaths();
  assert.deepEqual(
    methods.filter((p) => !(p in methodScopes)),
    [],
  );
  assert.deepEqual(
    Object.keys(methodScopes).filter((p) => !methods.includes(p)),
    [],
  );
});

/** Sends `bytes` as a Track request as they are, with `key`; the call's error, or null. */
function sendRaw(address: string, key: string | undefined, bytes: Buffer): Promise<ServiceError | null> {
  const track = CollectorService.track;
  const Raw = makeGenericClientConstructor(
    { track: { ...track, requestSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b } },
    'demand.v1.Collector',
  );
  return new Promise<ServiceError | null>((resolve) => {
    const client = new Raw(address, credentials.createInsecure(), withApiKey(key)) as never as {
      track(b: Buffer, cb: (e: ServiceError | null) => void): void;
      close(): void;
    };
    client.track(bytes, (error) => {
      client.close();
      resolve(error);
    });
  });
}

// Field 1 claims 80 bytes and carries 3: the decoder cannot read it.
const UNDECODABLE = Buffer.from([0x0a, 0x50, 1, 2, 3]);

test('a request that is not a valid message: INVALID_ARGUMENT saying so (not INTERNAL), after the key check', async () => {
  await withServer({}, async (server) => {
    calls.handled = 0;
    const garbage = await sendRaw(server.address, tokens.tracker, UNDECODABLE);
    assert.equal(garbage?.code, status.INVALID_ARGUMENT);
    assert.match(garbage?.details ?? '', /^request: not a valid message for \/demand\.v1\.Collector\/Track/);
    const refused = await sendRaw(server.address, undefined, UNDECODABLE);
    assert.deepEqual({ code: refused?.code, details: refused?.details }, unauthenticated);
    assert.equal(calls.handled, 0);
  });
});

test('without API keys a valid request reaches the handler and one that is not a valid message is refused', async () => {
  await withServer({ authorizer: undefined }, async (server) => {
    calls.handled = 0;
    const garbage = await sendRaw(server.address, undefined, UNDECODABLE);
    assert.equal(garbage?.code, status.INVALID_ARGUMENT);
    assert.equal(calls.handled, 0);
    assert.equal(await sendRaw(server.address, undefined, Buffer.alloc(0)), null);
    assert.equal(calls.handled, 1);
  });
});

test('mTLS: a client without a certificate signed by the client CA cannot call, one with it can', async () => {
  const pki = await makePki();
  const tlsClient = (withCert: boolean) =>
    credentials.createSsl(pki.ca, withCert ? pki.clientKey : null, withCert ? pki.clientCert : null);
  await withServer(
    {},
    async (_server, client) => {
      assert.equal((await track(client(tokens.tracker, tlsClient(true)))).code, status.OK);
      assert.equal((await track(client(tokens.tracker, tlsClient(false)))).code, status.UNAVAILABLE);
      assert.equal((await track(client(tokens.tracker))).code, status.UNAVAILABLE);
    },
    { certChain: pki.serverCert, privateKey: pki.serverKey, clientCa: pki.ca },
  );
});

/** A throwaway CA that signs a server and a client certificate (openssl, test only). */
async function makePki() {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const subject = (cn: string) => ['-subj', `/CN=${cn}`];
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    ...subject('ca'),
  );
  for (const name of ['server', 'client']) {
    run(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      ...subject('localhost'),
    );
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
    );
  }
  const read = (file: string) => readFile(path.join(dir, file));
  return {
    ca: await read('ca.pem'),
    serverCert: await read('server.pem'),
    serverKey: await read('server.key'),
    clientCert: await read('client.pem'),
    clientKey: await read('client.key'),
  };
}
