import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CollectorService } from '@demand/contracts';
import { CallAuthorizer, FileApiKeyStore } from '@demand/api-keys';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { runCli, runKeys } from '../src/index.js';
import { capture } from './support/capture-io.js';
import { EchoCollector, trackJson } from './support/echo-collector.js';

test('keys made with the CLI open a guarded server to the CLI; a revoked or missing key is refused', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cli-keys-'));
  const file = path.join(dir, 'keys.json');
  const env = { GRPC_API_KEYS_FILE: file };
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Collector': CollectorService },
    controllers: [EchoCollector],
    guard: {
      maxCallMs: 10_000,
      authorizer: new CallAuthorizer(new FileApiKeyStore(file, 0), { defaultRatePerSecond: 100, tenant: 'default' }),
    },
  });
  try {
    const created = capture();
    assert.equal(await runKeys(['create', '--name', 'shop', '--scopes', 'track', '--rate', '50'], created.io, env), 0);
    const key = JSON.parse(created.out.stdout) as { id: string; apiKey: string; scopes: string[] };
    assert.deepEqual(key.scopes, ['track']);
    assert.ok(!(await readFile(file, 'utf8')).includes(key.apiKey.slice(22)), 'the file holds only a hash');

    const listed = capture();
    assert.equal(await runKeys(['list'], listed.io, env), 0);
    const shown = JSON.parse(listed.out.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      shown.map((k) => [k.id, k.name, 'secretHash' in k]),
      [[key.id, 'shop', false]],
    );

    const track = (args: string[], environment: NodeJS.ProcessEnv = {}) => {
      const c = capture();
      return runCli(['--collector', server.address, ...args, 'track', trackJson], c.io, environment).then((code) => ({
        code,
        ...c.out,
      }));
    };
    assert.deepEqual(await track([]), {
      code: 1,
      stdout: '',
      stderr: 'error: UNAUTHENTICATED: missing or invalid API key\n',
    });
    assert.equal((await track(['--api-key', key.apiKey])).code, 0);
    assert.equal((await track([], { DEMAND_API_KEY: key.apiKey })).stdout, '{\n  "eventId": "e-1"\n}\n');

    assert.equal(await runKeys(['revoke', key.id], capture().io, env), 0);
    assert.equal((await track(['--api-key', key.apiKey])).code, 1);
    const unknown = capture();
    assert.equal(await runKeys(['revoke', 'nope'], unknown.io, env), 1);
    assert.match(unknown.out.stderr, /no API key with id "nope"/);
    const bad = capture();
    assert.equal(await runKeys(['create', '--name', 'x', '--scopes', 'root'], bad.io, env), 2);
    assert.match(bad.out.stderr, /scopes must be/);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('keys create --tenant makes a key of that tenant (TENANT_ID by default); list shows every key with its tenant', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cli-keys-tenant-'));
  const file = path.join(dir, 'keys.json');
  try {
    const create = async (args: string[], env: NodeJS.ProcessEnv) => {
      const c = capture();
      assert.equal(
        await runKeys(['create', '--scopes', 'read', ...args], c.io, { GRPC_API_KEYS_FILE: file, ...env }),
        0,
      );
      return JSON.parse(c.out.stdout) as { id: string; tenant: string };
    };
    assert.equal((await create(['--name', 'a', '--tenant', 'shop-a'], {})).tenant, 'shop-a');
    assert.equal((await create(['--name', 'b'], { TENANT_ID: 'shop-b' })).tenant, 'shop-b');
    assert.equal((await create(['--name', 'd'], {})).tenant, 'default');
    // A key file from before tenancy: its keys belong to the default tenant.
    const body = JSON.parse(await readFile(file, 'utf8')) as { keys: Record<string, unknown>[] };
    delete body.keys[2]!.tenant;
    await writeFile(file, JSON.stringify(body));
    const listed = capture();
    assert.equal(await runKeys(['list'], listed.io, { GRPC_API_KEYS_FILE: file }), 0);
    const shown = JSON.parse(listed.out.stdout) as { name: string; tenant: string }[];
    assert.deepEqual(
      shown.map((k) => [k.name, k.tenant]),
      [
        ['a', 'shop-a'],
        ['b', 'shop-b'],
        ['d', 'default'],
      ],
    );
    const bad = capture();
    assert.equal(await runKeys(['create', '--name', 'x', '--scopes', 'read', '--tenant', 'Shop_A'], bad.io, {}), 2);
    assert.match(bad.out.stderr, /--tenant must be a lower-case slug/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('keys list and revoke ignore a malformed TENANT_ID they do not use; create refuses it by name', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cli-keys-bad-tenant-'));
  const env = { GRPC_API_KEYS_FILE: path.join(dir, 'keys.json'), TENANT_ID: 'Shop_A!' };
  try {
    const created = capture();
    assert.equal(
      await runKeys(['create', '--name', 'a', '--scopes', 'read', '--tenant', 'shop-a'], created.io, env),
      0,
    );
    const { id } = JSON.parse(created.out.stdout) as { id: string };
    const listed = capture();
    assert.equal(await runKeys(['list'], listed.io, env), 0, listed.out.stderr);
    assert.deepEqual(
      (JSON.parse(listed.out.stdout) as { id: string }[]).map((k) => k.id),
      [id],
    );
    const revoked = capture();
    assert.equal(await runKeys(['revoke', id], revoked.io, env), 0, revoked.out.stderr);
    assert.equal(revoked.out.stdout, `${JSON.stringify({ revoked: id })}\n`);
    const refused = capture();
    assert.equal(await runKeys(['create', '--name', 'b', '--scopes', 'read'], refused.io, env), 2);
    assert.match(refused.out.stderr, /^TENANT_ID must be a lower-case slug such as shop-a; got "Shop_A!"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('keys on a ClickHouse store that cannot be reached: exit 1 naming the table and the failure, no stack trace', async () => {
  const unreachable = capture();
  const env = { GRPC_API_KEYS_STORE: 'clickhouse', CLICKHOUSE_URL: 'http://127.0.0.1:9', CLICKHOUSE_DATABASE: 'keys' };
  assert.equal(await runKeys(['list'], unreachable.io, env), 1);
  assert.match(
    unreachable.out.stderr,
    /^error: table api_keys of ClickHouse database keys: .*ClickHouse unreachable \(connect ECONNREFUSED 127\.0\.0\.1:9\)\n$/,
  );
});

test('keys --file with the ClickHouse store is refused, not quietly applied to the table', async () => {
  const refused = capture();
  const env = { GRPC_API_KEYS_STORE: 'clickhouse', CLICKHOUSE_URL: 'http://127.0.0.1:9' };
  assert.equal(await runKeys(['revoke', 'abc', '--file', 'keys.json'], refused.io, env), 2);
  assert.match(refused.out.stderr, /^--file names a key file, but GRPC_API_KEYS_STORE=clickhouse/);
});
