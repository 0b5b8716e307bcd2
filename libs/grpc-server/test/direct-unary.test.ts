import 'reflect-metadata';
import { expect, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { Controller, UseFilters } from '@nestjs/common';
import {
  FeaturesClient,
  FeaturesControllerMethods,
  FeaturesService,
  type GetItemStatsRequest,
  type ItemStats,
} from '@demand/contracts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CallAuthorizer, FileApiKeyStore, issueApiKey } from '@demand/api-keys';
import { type CallGuardSettings, type DirectUnaryHandler, GrpcExceptionFilter, GrpcTransport } from '../src/index.js';
import { startGrpcTestServer } from '../src/testing.js';
import { call } from './support/unary-call.js';
import { type UnaryMethod, unaryEvents } from './support/unary-events.js';

const PATH = '/demand.v1.Features/GetItemStats';

const domainError = (code: string, message: string, more: object = {}) =>
  Object.assign(new Error(message), { code, ...more });

/**
 * Each case: a handler answered directly, and what Nest's controller pipeline hands the unary method for the
 * same outcome (the value itself, or GrpcExceptionFilter's answer to the error, as Nest's RpcProxy returns it).
 */
const cases: Record<string, { direct: DirectUnaryHandler; viaNest: () => unknown }> = {
  'a value': { direct: async () => ({ itemId: 'i1' }), viaNest: async () => ({ itemId: 'i1' }) },
  'encoded bytes': { direct: async () => Uint8Array.of(10, 1, 97), viaNest: async () => Uint8Array.of(10, 1, 97) },
  'a domain error': {
    direct: async () => Promise.reject(domainError('NOT_FOUND', 'no item i9')),
    viaNest: () => new GrpcExceptionFilter().catch(domainError('NOT_FOUND', 'no item i9')),
  },
  'an error with a retry time': {
    direct: async () => Promise.reject(domainError('UNAVAILABLE', 'warming up', { retryAfterMs: 250 })),
    viaNest: () => new GrpcExceptionFilter().catch(domainError('UNAVAILABLE', 'warming up', { retryAfterMs: 250 })),
  },
  'a handler throwing before it returns a promise': {
    direct: () => {
      throw new Error('password=secret');
    },
    viaNest: () => new GrpcExceptionFilter().catch(new Error('password=secret')),
  },
};

const named = <T extends object>(fn: T) => Object.defineProperty(fn, 'name', { value: 'getItemStats' });
const unary = { path: PATH, requestStream: false, responseStream: false };

test.each(Object.keys(cases))(
  'a method answered directly answers %s as the Nest controller pipeline with GrpcExceptionFilter does',
  async (name) => {
    const { direct, viaNest } = cases[name]!;
    const expected = await unaryEvents((t) => t.createUnaryServiceMethod(named(viaNest)) as UnaryMethod);
    const actual = await unaryEvents((t) => {
      t.answerDirectly(PATH, direct);
      return t.createServiceMethod(
        named(() => assert.fail('Nest’s handler called')),
        unary,
        'no_stream' as never,
      ) as UnaryMethod;
    });
    expect(actual).toEqual(expected);
  },
);

@Controller()
@UseFilters(GrpcExceptionFilter)
@FeaturesControllerMethods()
class DeclaringController {
  getItemStats(): never {
    throw new Error('the controller’s own handler was called');
  }
  getUserProfile(): never {
    throw domainError('UNIMPLEMENTED', 'not in this test');
  }
  getItemProfile(): never {
    throw domainError('UNIMPLEMENTED', 'not in this test');
  }
  listSegments(): never {
    throw domainError('UNIMPLEMENTED', 'not in this test');
  }
  getReviewInsights(): never {
    throw domainError('UNIMPLEMENTED', 'not in this test');
  }
}

const TRANSPORT = Symbol('transport');

/** The Features service with DeclaringController, and `register` given the transport before it listens. */
function startDeclaring(register: (transport: GrpcTransport) => void, guard?: CallGuardSettings) {
  return startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService },
    controllers: [DeclaringController],
    providers: [{ provide: 'direct handlers', inject: [TRANSPORT], useFactory: register }],
    provideTransportAs: TRANSPORT,
    ...(guard ? { guard } : {}),
  });
}

const getItemStats = (address: string, metadata = new Metadata()) => {
  const client = new FeaturesClient(address, credentials.createInsecure());
  return call<ItemStats>((cb) => client.getItemStats({ itemId: 'i1', fromDay: '', toDay: '' }, metadata, cb)).finally(
    () => client.close(),
  );
};

test('over gRPC the direct handler answers instead of the controller’s, with the metadata, errors mapped', async () => {
  const seen: unknown[] = [];
  const server = await startDeclaring((transport) =>
    transport.answerDirectly(PATH, async (request, metadata) => {
      const { itemId } = request as GetItemStatsRequest;
      seen.push([itemId, metadata.get('x-tenant')[0]]);
      if (itemId === 'i9') throw domainError('NOT_FOUND', 'no item i9');
      return { itemId, days: [] } satisfies ItemStats;
    }),
  );
  const client = new FeaturesClient(server.address, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set('x-tenant', 'shop-1');
  try {
    const answer = await call<ItemStats>((cb) =>
      client.getItemStats({ itemId: 'i1', fromDay: '', toDay: '' }, metadata, cb),
    );
    assert.equal(answer.itemId, 'i1');
    await assert.rejects(
      call((cb) => client.getItemStats({ itemId: 'i9', fromDay: '', toDay: '' }, metadata, cb)),
      (e: ServiceError) => e.code === status.NOT_FOUND && e.details === 'no item i9',
    );
    assert.deepEqual(seen, [
      ['i1', 'shop-1'],
      ['i9', 'shop-1'],
    ]);
    // The other methods still go through Nest's pipeline and its filter.
    await assert.rejects(
      call((cb) => client.getUserProfile({ userId: 'u1' }, cb)),
      (e: ServiceError) => e.code === status.UNIMPLEMENTED,
    );
    assert.throws(() => server.transport.answerDirectly(PATH, async () => ({})), /already listening/);
  } finally {
    client.close();
    await server.close();
  }
});

test('a method answered directly that no controller declares fails the start', async () => {
  await assert.rejects(
    startDeclaring((transport) => transport.answerDirectly('/demand.v1.Features/NoSuchMethod', async () => ({}))),
    /declared by no controller: \/demand.v1.Features\/NoSuchMethod/,
  );
});

test('a streaming method answered directly fails the start and lets the port go', async () => {
  let transport: GrpcTransport | undefined;
  let port = 0;
  const streaming = startDeclaring((t) => {
    transport = t;
    t.answerDirectly(PATH, async () => ({}));
    // Features has no streaming method: its GetItemStats is built as if it took a stream of requests.
    t.createServiceMethod = (handler, native, streamType) => {
      port = t.port;
      return GrpcTransport.prototype.createServiceMethod.call(
        t,
        handler,
        { ...native, requestStream: true },
        streamType,
      );
    };
  });
  await assert.rejects(streaming, /GetItemStats streams: only unary methods are answered directly/);
  assert.throws(() => transport!.port, /not listening/);
  await assert.rejects(getItemStats(`127.0.0.1:${port}`), (e: ServiceError) => e.code === status.UNAVAILABLE);
});

test('after close and listen again the direct handler still answers; a path is answered directly only once', async () => {
  let answered = 0;
  const server = await startDeclaring((transport) =>
    transport.answerDirectly(PATH, async () => {
      answered++;
      return { itemId: 'i1', days: [] } satisfies ItemStats;
    }),
  );
  try {
    await server.transport.close();
    assert.throws(() => server.transport.answerDirectly(PATH, async () => ({})), /already answered directly/);
    await new Promise<void>((resolve, reject) =>
      server.transport.listen((error) => (error ? reject(error) : resolve())),
    );
    assert.equal((await getItemStats(`127.0.0.1:${server.transport.port}`)).itemId, 'i1');
    assert.equal(answered, 1);
  } finally {
    await server.close();
  }
});

test('the call guard checks the key before a direct handler: bad key, key without the scope, handler never run', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'direct-unary-'));
  const store = new FileApiKeyStore(path.join(dir, 'keys.json'), 0);
  const tracker = issueApiKey({ name: 'tracker', scopes: ['track'] });
  await store.add(tracker.record);
  let answered = 0;
  const server = await startDeclaring(
    (transport) =>
      transport.answerDirectly(PATH, async () => {
        answered++;
        return { itemId: 'i1', days: [] } satisfies ItemStats;
      }),
    { maxCallMs: 60_000, authorizer: new CallAuthorizer(store, { defaultRatePerSecond: 1000, tenant: 'default' }) },
  );
  const withKey = (key: string) => {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${key}`);
    return metadata;
  };
  try {
    await assert.rejects(
      getItemStats(server.address, withKey('not-a-key')),
      (e: ServiceError) => e.code === status.UNAUTHENTICATED,
    );
    await assert.rejects(
      getItemStats(server.address, withKey(tracker.token)),
      (e: ServiceError) => e.code === status.PERMISSION_DENIED,
    );
    assert.equal(answered, 0);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
