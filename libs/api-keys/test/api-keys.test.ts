import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type ApiKeyStore,
  CallAuthorizer,
  FileApiKeyStore,
  issueApiKey,
  parseApiKey,
  parseScopes,
  RateLimiter,
  tenantOfKey,
} from '../src/index.js';

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'api-keys-'));
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('an issued key parses back to its id, and the store file keeps neither the key nor its secret', async () => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'keys.json');
    const issued = issueApiKey({ name: 'shop', scopes: ['track', 'read'] });
    const parsed = parseApiKey(issued.token);
    assert.equal(parsed?.id, issued.record.id);
    await new FileApiKeyStore(file).add(issued.record);
    const text = await readFile(file, 'utf8');
    assert.ok(text.includes(issued.record.id));
    assert.ok(!text.includes(parsed!.secret));
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });
});

test('malformed keys do not parse', () => {
  const { token } = issueApiKey({ name: 'x', scopes: ['read'] });
  for (const bad of ['', 'dmk_', token.slice(0, -1), `${token}x`, token.replace('dmk_', 'abc_'), ` ${token}`]) {
    assert.equal(parseApiKey(bad), undefined, bad);
  }
});

test('scopes parse from a list and unknown ones are refused by name', () => {
  assert.deepEqual(parseScopes('track, read'), ['track', 'read']);
  assert.throws(() => parseScopes('track,root'), /track, read, recommend, admin.*"track,root"/);
  assert.throws(() => parseScopes(''), /scopes/);
});

test('a key added or revoked through one store is seen by another store of the same file after the refresh', async () => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'keys.json');
    let now = 0;
    const server = new FileApiKeyStore(file, 1000, () => now);
    const cli = new FileApiKeyStore(file);
    const issued = issueApiKey({ name: 'a', scopes: ['read'] });
    assert.equal(await server.find(issued.record.id), undefined);
    await cli.add(issued.record);
    now = 1001;
    assert.equal((await server.find(issued.record.id))?.name, 'a');
    assert.equal(await cli.revoke(issued.record.id, new Date('2026-01-01T00:00:00Z')), true);
    assert.equal(await cli.revoke(issued.record.id, new Date('2027-01-01T00:00:00Z')), true);
    assert.equal(await cli.revoke('nope', new Date()), false);
    now = 2002;
    assert.equal((await server.find(issued.record.id))?.revokedAt, '2026-01-01T00:00:00.000Z');
    await assert.rejects(cli.add(issued.record), /already exists/);
  });
});

test('the rate limiter lets a key burst one second of calls, then refills at its rate, per key', () => {
  let now = 0;
  const limiter = new RateLimiter(() => now);
  const taken = (key: string, n: number) =>
    Array.from({ length: n }, () => limiter.take(key, 5)).filter(Boolean).length;
  assert.equal(taken('a', 10), 5);
  assert.equal(taken('b', 1), 1);
  now = 400;
  assert.equal(taken('a', 10), 2);
  now = 10_000;
  assert.equal(taken('a', 10), 5);
});

function memoryStore(): ApiKeyStore & { failing: boolean } {
  const keys = new Map<string, ReturnType<typeof issueApiKey>['record']>();
  return {
    failing: false,
    async find(id) {
      if (this.failing) throw new Error('disk gone');
      return keys.get(id);
    },
    async list() {
      return [...keys.values()];
    },
    async add(record) {
      keys.set(record.id, record);
    },
    async revoke(id, at) {
      const record = keys.get(id);
      if (record) keys.set(id, { ...record, revokedAt: at.toISOString() });
      return record !== undefined;
    },
  };
}

test('the authorizer refuses missing, malformed, unknown, forged and revoked keys alike', async () => {
  const store = memoryStore();
  const authorizer = new CallAuthorizer(store, { defaultRatePerSecond: 100, tenant: 'default' });
  const good = issueApiKey({ name: 'g', scopes: ['admin'] });
  const revoked = issueApiKey({ name: 'r', scopes: ['admin'] });
  await store.add(good.record);
  await store.add(revoked.record);
  await store.revoke(revoked.record.id, new Date());
  const forged = `${good.token.slice(0, -4)}AAAA`;
  const unknown = issueApiKey({ name: 'u', scopes: ['admin'] }).token;
  const method = '/demand.v1.Collector/Track';
  for (const token of [undefined, '', 'Bearer x', forged, unknown, revoked.token]) {
    assert.deepEqual(await authorizer.authorize(method, token), { allowed: false, reason: 'unauthenticated' });
  }
  assert.deepEqual(await authorizer.authorize(method, good.token), { allowed: true, keyId: good.record.id });
  assert.deepEqual(await authorizer.authorize('/grpc.health.v1.Health/Check', undefined), { allowed: true });
  store.failing = true;
  await assert.rejects(authorizer.authorize(method, good.token), /disk gone/);
});

test('scopes decide per method: track writes, read reads, recommend recommends, admin does all', async () => {
  const store = memoryStore();
  const authorizer = new CallAuthorizer(store, { defaultRatePerSecond: 100, tenant: 'default' });
  const keys = Object.fromEntries(
    (['track', 'read', 'recommend', 'admin'] as const).map((scope) => {
      const issued = issueApiKey({ name: scope, scopes: [scope] });
      void store.add(issued.record);
      return [scope, issued.token];
    }),
  );
  const methods = {
    '/demand.v1.Collector/TrackBatch': 'track',
    '/demand.v1.Features/GetUserProfile': 'read',
    '/demand.v1.Recommend/Recommend': 'recommend',
    '/demand.v1.Unlisted/Anything': 'admin',
  };
  for (const [method, needed] of Object.entries(methods)) {
    for (const [scope, token] of Object.entries(keys)) {
      const decision = await authorizer.authorize(method, token);
      const expected = scope === needed || scope === 'admin';
      assert.equal(decision.allowed, expected, `${scope} key on ${method}`);
      if (!expected) assert.deepEqual(decision, { allowed: false, reason: 'permission_denied' });
    }
  }
  assert.equal((await authorizer.authorize('/grpc.reflection.v1.ServerReflection/Info', keys.track)).allowed, true);
  assert.equal((await authorizer.authorize('/grpc.reflection.v1.ServerReflection/Info', undefined)).allowed, false);
});

test("a key's own rate overrides the default, and a refused scope does not spend the rate", async () => {
  const store = memoryStore();
  let now = 0;
  const authorizer = new CallAuthorizer(
    store,
    { defaultRatePerSecond: 100, tenant: 'default' },
    new RateLimiter(() => now),
  );
  const slow = issueApiKey({ name: 's', scopes: ['read'], ratePerSecond: 2 });
  await store.add(slow.record);
  const reasons = [];
  for (let i = 0; i < 3; i++) {
    assert.equal((await authorizer.authorize('/demand.v1.Collector/Track', slow.token)).allowed, false);
    const d = await authorizer.authorize('/demand.v1.Features/GetItemStats', slow.token);
    reasons.push(d.allowed ? 'ok' : d.reason);
  }
  assert.deepEqual(reasons, ['ok', 'ok', 'rate_limited']);
  now = 500;
  assert.equal((await authorizer.authorize('/demand.v1.Features/GetItemStats', slow.token)).allowed, true);
});

test("a key is its tenant's alone: another tenant's server refuses it; a key from before tenancy is default's", async () => {
  const store = memoryStore();
  const shopA = new CallAuthorizer(store, { defaultRatePerSecond: 100, tenant: 'shop-a' });
  const defaultTenant = new CallAuthorizer(store, { defaultRatePerSecond: 100, tenant: 'default' });
  const ofA = issueApiKey({ name: 'a', scopes: ['admin'], tenant: 'shop-a' });
  const ofB = issueApiKey({ name: 'b', scopes: ['admin'], tenant: 'shop-b' });
  const legacy = issueApiKey({ name: 'old', scopes: ['admin'] });
  const { tenant: _none, ...legacyRecord } = legacy.record;
  for (const record of [ofA.record, ofB.record, legacyRecord]) await store.add(record);
  assert.equal(ofA.record.tenant, 'shop-a');
  assert.equal(tenantOfKey((legacyRecord as { tenant?: string }).tenant), 'default');
  const method = '/demand.v1.Features/GetItemStats';
  const denied = { allowed: false, reason: 'permission_denied' };
  assert.deepEqual(await shopA.authorize(method, ofA.token), { allowed: true, keyId: ofA.record.id });
  assert.deepEqual(await shopA.authorize(method, ofB.token), denied);
  assert.deepEqual(await shopA.authorize(method, legacy.token), denied);
  assert.deepEqual(await defaultTenant.authorize(method, legacy.token), { allowed: true, keyId: legacy.record.id });
  assert.deepEqual(await defaultTenant.authorize(method, ofA.token), denied);
  // Server reflection too: a foreign key learns nothing about what this server offers.
  assert.deepEqual(await shopA.authorize('/grpc.reflection.v1.ServerReflection/Info', ofB.token), denied);
  assert.throws(() => issueApiKey({ name: 'x', scopes: ['read'], tenant: 'Shop A' }), /tenant must be/);
});

test("the file store's findCopy tells the age of the copy it answered from", async () => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'keys.json');
    const key = issueApiKey({ name: 'shop', scopes: ['read'] });
    await new FileApiKeyStore(file).add(key.record);
    let now = 100;
    const store = new FileApiKeyStore(file, 1000, () => now);
    assert.deepEqual(await store.findCopy(key.record.id), { record: key.record, ageMs: 0 });
    now = 900;
    assert.deepEqual(await store.findCopy('nobody'), { record: undefined, ageMs: 800 });
    now = 1100;
    assert.equal((await store.findCopy(key.record.id)).ageMs, 0, 'read again at 1100');
  });
});
