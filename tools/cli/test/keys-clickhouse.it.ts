import 'reflect-metadata';
import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AnalyticsStore, createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import {
  type ApiKeyStoreHandle,
  apiKeyMigrations,
  type apiKeyStoreFor,
  CallAuthorizer,
  ClickHouseApiKeyStore,
} from '@demand/api-keys';
import { CollectorService } from '@demand/contracts';
import { type GrpcTestServer, startGrpcTestServer } from '@demand/grpc-server/testing';
import { runCli, runKeys } from '../src/index.js';
import { capture } from './support/capture-io.js';
import { EchoCollector, trackJson } from './support/echo-collector.js';

/**
 * Two replicas' call guards over one ClickHouse key table (in-process chdb standing in for the
 * server), each with its own cached copy and clock, and `./demand keys` writing to the same table.
 */
const REFRESH_MS = 1000;
let dir: string;
let engine: AnalyticsStore;
const clock = { a: 0, b: 0 };
const replicas: { store: ClickHouseApiKeyStore; server: GrpcTestServer }[] = [];

const onEngine: typeof apiKeyStoreFor = (env): ApiKeyStoreHandle => {
  assert.equal(env.GRPC_API_KEYS_STORE, 'clickhouse', 'the CLI opens the store its environment names');
  return {
    store: new ClickHouseApiKeyStore(engine, { refreshMs: env.GRPC_API_KEYS_REFRESH_MS }),
    location: 'the test table',
    open: async () => void (await runMigrations(engine, apiKeyMigrations)),
    close: async () => undefined,
  };
};
const cliEnv = { GRPC_API_KEYS_STORE: 'clickhouse', CLICKHOUSE_URL: 'http://unused:8123' };

async function keys(args: string[]) {
  const c = capture();
  const code = await runKeys(args, c.io, cliEnv, onEngine);
  return { code, ...c.out };
}

async function track(replica: number, apiKey: string) {
  const c = capture();
  await runCli(['--collector', replicas[replica]!.server.address, 'track', trackJson], c.io, {
    DEMAND_API_KEY: apiKey,
  });
  return c.out.stderr === '' ? 'ok' : c.out.stderr.trim();
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-keys-ch-'));
  engine = createAnalyticsStore({ mode: 'embedded', path: dir });
  await runMigrations(engine, apiKeyMigrations);
  for (const name of ['a', 'b'] as const) {
    const store = new ClickHouseApiKeyStore(engine, { refreshMs: REFRESH_MS, nowMs: () => clock[name] });
    const server = await startGrpcTestServer({
      services: { 'demand.v1.Collector': CollectorService },
      controllers: [EchoCollector],
      guard: {
        maxCallMs: 10_000,
        authorizer: new CallAuthorizer(store, { defaultRatePerSecond: 100, tenant: 'shop-a' }),
      },
    });
    replicas.push({ store, server });
  }
});

afterAll(async () => {
  for (const { server } of replicas) await server.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

test('a key revoked on one replica is refused on the other once its copy of the key table is REFRESH_MS old', async () => {
  const created = await keys(['create', '--name', 'web', '--scopes', 'track', '--tenant', 'shop-a']);
  assert.equal(created.code, 0, created.stderr);
  const { id, apiKey } = JSON.parse(created.stdout) as { id: string; apiKey: string };
  assert.deepEqual([await track(0, apiKey), await track(1, apiKey)], ['ok', 'ok']);

  assert.equal(await replicas[0]!.store.revoke(id, new Date('2026-12-05T12:00:00Z')), true);
  const refused = 'error: UNAUTHENTICATED: missing or invalid API key';
  assert.equal(await track(0, apiKey), refused, 'the replica that revoked it refuses it at once');
  clock.b = REFRESH_MS - 1;
  assert.equal(await track(1, apiKey), 'ok', 'the other still has its copy from before the revoke');
  clock.b = REFRESH_MS;
  assert.equal(await track(1, apiKey), refused);

  const listed = await keys(['list']);
  assert.deepEqual(
    (JSON.parse(listed.stdout) as Record<string, unknown>[]).map((k) => [
      k.id,
      k.tenant,
      k.revokedAt,
      'secretHash' in k,
    ]),
    [[id, 'shop-a', '2026-12-05T12:00:00.000Z', false]],
  );
});

test('keys revoked with the CLI reach both replicas within the interval; an unknown id names the store', async () => {
  const created = await keys(['create', '--name', 'app', '--scopes', 'track', '--tenant', 'shop-a']);
  const { id, apiKey } = JSON.parse(created.stdout) as { id: string; apiKey: string };
  clock.a += REFRESH_MS;
  clock.b += REFRESH_MS;
  assert.deepEqual([await track(0, apiKey), await track(1, apiKey)], ['ok', 'ok']);
  assert.deepEqual(await keys(['revoke', id]), { code: 0, stdout: `${JSON.stringify({ revoked: id })}\n`, stderr: '' });
  clock.a += REFRESH_MS;
  clock.b += REFRESH_MS;
  assert.deepEqual(
    [await track(0, apiKey), await track(1, apiKey)].map((r) => r.startsWith('error: UNAUTHENTICATED')),
    [true, true],
  );
  const unknown = await keys(['revoke', '0123456789abcdef']);
  assert.deepEqual([unknown.code, unknown.stderr], [1, 'no API key with id "0123456789abcdef" in the test table\n']);
  const misconfigured = capture();
  assert.equal(await runKeys(['list'], misconfigured.io, { GRPC_API_KEYS_STORE: 'clickhouse' }, onEngine), 2);
  assert.match(misconfigured.out.stderr, /CLICKHOUSE_URL: is required when GRPC_API_KEYS_STORE=clickhouse/);
});
