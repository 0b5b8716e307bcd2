import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AnalyticsStore, createAnalyticsStore, runMigrations } from '@demand/analytics-store';
import { apiKeyMigrations, ClickHouseApiKeyStore, issueApiKey, parseApiKey, requireKeyTable } from '../src/index.js';

let dir: string;
let engine: AnalyticsStore;
let reads = 0;
let failing = false;

/** A read of the engine, counted, failing while `failing` is set. */
function read<R>(engineRead: () => Promise<R>): Promise<R> {
  reads++;
  return failing ? Promise.reject(new Error('server gone')) : engineRead();
}

/** The engine, counting the key reads (either read form) and failing them on demand. */
const counted = (): AnalyticsStore => ({
  kind: engine.kind,
  command: (sql, params) => engine.command(sql, params),
  insert: (table, rows) => engine.insert(table, rows),
  insertCompact: (table, columns, rows) => engine.insertCompact(table, columns, rows),
  query: (sql, params) => read(() => engine.query(sql, params)),
  queryCompact: (sql, params) => read(() => engine.queryCompact(sql, params)),
  ping: () => engine.ping(),
  health: () => engine.health(),
  close: async () => undefined,
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'api-keys-ch-'));
  engine = createAnalyticsStore({ mode: 'embedded', path: dir });
  await assert.rejects(requireKeyTable(engine), /no api_keys table/, 'list and revoke refuse a database without keys');
  await runMigrations(engine, apiKeyMigrations);
  await requireKeyTable(engine);
});

afterAll(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

/** An empty table, a key added through one store (the CLI's), and a replica's store on its own clock. */
async function replicaWithKey() {
  await engine.command('TRUNCATE TABLE api_keys');
  const cli = new ClickHouseApiKeyStore(engine, { refreshMs: 1000 });
  const clock = { now: 0 };
  const replica = new ClickHouseApiKeyStore(counted(), { refreshMs: 1000, nowMs: () => clock.now });
  const key = issueApiKey({ name: 'k', scopes: ['read'] }).record;
  await cli.add(key);
  return { cli, replica, key, clock };
}

test('the key table keeps hashes only, with each key tenant, and lists, adds and revokes as the file store does', async () => {
  await engine.command('TRUNCATE TABLE api_keys');
  const store = new ClickHouseApiKeyStore(engine, { refreshMs: 1000 });
  const shop = issueApiKey({
    name: 'shop-a-frontend',
    scopes: ['track', 'read'],
    tenant: 'shop-a',
    ratePerSecond: 50,
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const later = new Date('2026-01-02T00:00:00Z');
  const { tenant: _none, ...older } = issueApiKey({ name: 'before-tenancy', scopes: ['admin'], now: later }).record;
  await store.add(shop.record);
  await store.add(older);
  assert.deepEqual(await store.list(), [shop.record, { ...older, tenant: 'default' }], 'in order of creation');
  await assert.rejects(store.add(shop.record), /already exists/);

  assert.equal(await store.revoke(shop.record.id, new Date('2026-01-01T00:00:00Z')), true);
  assert.equal(await store.revoke(shop.record.id, new Date('2027-01-01T00:00:00Z')), true);
  assert.equal(await store.revoke('0123456789abcdef', new Date()), false);
  assert.equal((await store.find(shop.record.id))?.revokedAt, '2026-01-01T00:00:00.000Z');

  const rows = await engine.query<Record<string, unknown>>('SELECT * FROM api_keys ORDER BY id, revoked_at');
  assert.equal(rows.length, 3, 'two keys and one revoke; revoking again writes nothing');
  assert.deepEqual(new Set(rows.map((r) => r.tenant)), new Set(['shop-a', 'default']));
  const stored = JSON.stringify(rows);
  assert.ok(!stored.includes(parseApiKey(shop.token)!.secret), 'no secret in the table');
  assert.ok(stored.includes(shop.record.secretHash));
});

test('a replica checks keys against a copy at most refreshMs old, read ahead under steady calls', async () => {
  const { cli, replica, key, clock } = await replicaWithKey();
  reads = 0;
  assert.equal((await replica.find(key.id))?.revokedAt, undefined);
  assert.equal(reads, 1);
  await cli.revoke(key.id, new Date('2026-03-01T00:00:00Z'));
  clock.now = 400;
  assert.equal((await replica.find(key.id))?.revokedAt, undefined, 'within the interval: the cached copy');
  assert.equal(reads, 1);
  clock.now = 600;
  assert.equal((await replica.find(key.id))?.revokedAt, undefined, 'past half the interval: still the copy…');
  assert.equal(reads, 2, '…while a fresh one is read');
  clock.now = 1050;
  assert.equal((await replica.find(key.id))?.revokedAt, '2026-03-01T00:00:00.000Z');
  assert.equal(reads, 2, 'the copy read ahead from 600 is young enough at 1050: no read');
  clock.now = 1600;
  assert.equal((await replica.find(key.id))?.revokedAt, '2026-03-01T00:00:00.000Z');
  assert.equal(reads, 3, 'the copy begun at 600 is 1000 old at 1600: the call waits for a fresh one');
});

test('a copy past its interval is never used: when the table cannot be read, calls fail until it can', async () => {
  const { replica, key, clock } = await replicaWithKey();
  assert.ok(await replica.find(key.id));
  failing = true;
  try {
    clock.now = 1000;
    await assert.rejects(replica.find(key.id), /server gone/);
    await assert.rejects(replica.find(key.id), /server gone/);
  } finally {
    failing = false;
  }
  clock.now = 2000;
  assert.equal((await replica.find(key.id))?.id, key.id, 'past the back-off the table is read again');
});

test('two revokes written at once (two CLIs racing): the earlier one counts, in lookups and in the listing', async () => {
  const { cli, key } = await replicaWithKey();
  const revokeRow = (at: string) => ({
    id: key.id,
    tenant: 'default',
    name: key.name,
    secret_hash: key.secretHash,
    scopes: key.scopes,
    rate_per_second: null,
    created_at: key.createdAt,
    revoked_at: at,
  });
  await engine.insert('api_keys', [revokeRow('2026-05-02T00:00:00.000Z'), revokeRow('2026-05-01T00:00:00.000Z')]);
  assert.equal((await cli.find(key.id))?.revokedAt, '2026-05-01T00:00:00.000Z');
  assert.deepEqual(
    (await cli.list()).map((k) => k.revokedAt),
    ['2026-05-01T00:00:00.000Z'],
  );
});

test('failed reads back off (doubling up to refreshMs), are reported once a streak, never extend the copy', async () => {
  const { key } = await replicaWithKey();
  const clock = { now: 0 };
  const reports: string[] = [];
  const replica = new ClickHouseApiKeyStore(counted(), {
    refreshMs: 1000,
    nowMs: () => clock.now,
    onReadFailing: (error) => reports.push(`failing: ${String(error)}`),
    onReadRecovered: (failedReads) => reports.push(`recovered after ${failedReads}`),
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** A call at `at`: the key it found, or the error it got, and whether it read the table. */
  const callAt = async (at: number) => {
    clock.now = at;
    const before = reads;
    const found = await replica.find(key.id).then(
      (record) => record?.id,
      (error: unknown) => `error: ${String(error)}`,
    );
    await settle();
    return { found, read: reads > before };
  };
  assert.deepEqual(await callAt(0), { found: key.id, read: true });
  failing = true;
  try {
    assert.deepEqual(await callAt(600), { found: key.id, read: true }, 'read ahead, failed; the copy still serves');
    assert.deepEqual(reports, ['failing: Error: server gone']);
    assert.deepEqual(await callAt(601), { found: key.id, read: false }, 'the very next call does not retry');
    assert.deepEqual(await callAt(650), { found: key.id, read: false }, 'nor one within 1000/16 ms');
    assert.deepEqual(await callAt(700), { found: key.id, read: true }, 'past 600 + 62.5 ms: retried');
    assert.deepEqual(await callAt(800), { found: key.id, read: false }, 'the wait doubled: until 700 + 125 ms');
    const refused = 'error: Error: server gone';
    assert.deepEqual(await callAt(1000), { found: refused, read: true }, 'expired: retried (past 825), refused');
    assert.deepEqual(await callAt(1100), { found: refused, read: false }, 'within the back-off: refused, no read');
    assert.deepEqual(await callAt(1300), { found: refused, read: true }, 'past 1000 + 250 ms: retried');
    assert.deepEqual(reports, ['failing: Error: server gone'], 'one report for the streak of four failed reads');
  } finally {
    failing = false;
  }
  assert.deepEqual(await callAt(1500), { found: 'error: Error: server gone', read: false }, 'waits until 1800');
  assert.deepEqual(await callAt(1800), { found: key.id, read: true });
  assert.deepEqual(reports, ['failing: Error: server gone', 'recovered after 4']);
  failing = true;
  try {
    assert.deepEqual(await callAt(2300), { found: key.id, read: true }, 'a new streak, from the first wait again');
    assert.deepEqual(await callAt(2350), { found: key.id, read: false });
    assert.deepEqual(await callAt(2363), { found: key.id, read: true });
  } finally {
    failing = false;
  }
  assert.equal(reports.length, 3, 'the new streak is reported once more');
  assert.deepEqual(await callAt(2500), { found: key.id, read: true }, 'read ahead again, in the background');
  for (let waited = 0; reports.length === 3 && waited < 5000; waited += 10) await sleep(10);
  assert.deepEqual(reports.at(-1), 'recovered after 2');
});

test("findCopy tells the age of the copy it answered from (a relayed copy expires with the store's)", async () => {
  const { replica, key, clock } = await replicaWithKey();
  assert.deepEqual(await replica.findCopy(key.id), { record: key, ageMs: 0 });
  clock.now = 400;
  assert.equal((await replica.findCopy(key.id)).ageMs, 400);
  clock.now = 600;
  assert.equal((await replica.findCopy(key.id)).ageMs, 600, 'the copy, while a read ahead begins');
  await new Promise((resolve) => setTimeout(resolve, 300)); // the read ahead done
  clock.now = 700;
  assert.equal((await replica.findCopy(key.id)).ageMs, 100, 'the copy read from 600');
  assert.deepEqual(await replica.findCopy('nobody'), { record: undefined, ageMs: 100 });
});
