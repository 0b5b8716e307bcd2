import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserProfile } from '@demand/contracts';
import { DirectoryModelStore } from '@demand/model-store';
import {
  type ItemEvent,
  type ItemInfo,
  type SegmentationInput,
  type SegmentationResult,
  segmentUsers,
} from '@demand/segments';
import { ModelStoreSegmentations } from '../src/adapters/model-store-segmentations.js';
import { ProfileService, type ProfileServiceOptions } from '../src/domain/profile-service.js';
import { featuresUpdatedMessages } from '../src/domain/profile-messages.js';
import { ProfileCache } from '../src/domain/profiles.js';
import type { ProfileSnapshot, ProfileSource, TouchedSnapshot } from '../src/ports/profile-source.port.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');

const items: ItemInfo[] = [
  { itemId: 'lipstick', categoryPath: ['美妆', '口红'], brand: 'A', price: 100 },
  { itemId: 'cream', categoryPath: ['美妆', '面霜'], brand: 'A', price: 300 },
  { itemId: 'dress', categoryPath: ['服装', '女装'], brand: 'B', price: 200 },
];

const ev = (userId: string, kind: ItemEvent['kind'], itemId: string, daysAgo: number, extra: Partial<ItemEvent> = {}) =>
  ({
    userId,
    kind,
    itemId,
    at: NOW - daysAgo * DAY,
    sessionId: `${userId}-s${Math.floor(daysAgo)}`,
    ...extra,
  }) as ItemEvent;

const history: ItemEvent[] = [
  ev('u1', 'view', 'lipstick', 3),
  ev('u1', 'view', 'cream', 3),
  ev('u1', 'purchase', 'lipstick', 2, { orderId: 'o1', quantity: 1, unitPrice: 90 }),
  ev('u1', 'review', 'lipstick', 1, { rating: 5, sentiment: 0.9 }),
  ev('u2', 'view', 'dress', 10),
  ev('u2', 'view', 'lipstick', 9),
];

test('a refresh builds user and item profiles that reads answer from memory, with population RFM scores', () => {
  const cache = new ProfileCache();
  const result = cache.apply({ items, events: history }, NOW);
  assert.deepEqual(result.users.sort(), ['u1', 'u2']);
  assert.deepEqual(result.items.sort(), ['cream', 'dress', 'lipstick']);

  const u1 = cache.userProfile('u1');
  assert.equal(u1.frequency, 1);
  assert.equal(u1.monetary, 90);
  assert.ok(Math.abs((u1.recencyDays ?? 0) - 2) < 1e-9);
  assert.equal(u1.topCategories[0]?.name, '美妆');
  assert.equal(u1.topBrands[0]?.name, 'A');
  assert.equal(u1.activity?.purchases, 1);
  assert.equal(u1.sentiment?.meanRating, 5);
  assert.equal(u1.sentiment?.meanSentiment, 0.9);
  assert.equal(u1.segmentId, undefined);
  // u1 bought, u2 did not: u1 scores higher on every axis.
  const u2 = cache.userProfile('u2');
  assert.equal(u2.recencyDays, undefined);
  assert.ok(u1.fScore > u2.fScore && u1.mScore > u2.mScore && u1.rScore > u2.rScore);
  const encoded = cache.encodedUserProfile('u1');
  assert.equal(cache.encodedUserProfile('u1'), encoded, 'answers are encoded once and reused');
  assert.deepEqual([...encoded], [...UserProfile.encode(u1).finish()], 'the bytes are the answer encoded');

  const lipstick = cache.itemProfile('lipstick');
  assert.equal(lipstick.views, 2);
  assert.equal(lipstick.purchases, 1);
  assert.equal(lipstick.users, 2);
  assert.equal(lipstick.meanRating, 5);
});

test('a rescore keeps the encoded answers of users whose scores did not move and renews the others', () => {
  const cache = new ProfileCache();
  cache.apply({ items, events: history }, NOW);
  const fresh = (id: string) =>
    assert.deepEqual([...cache.encodedUserProfile(id)], [...UserProfile.encode(cache.userProfile(id)).finish()], id);
  const u1 = cache.encodedUserProfile('u1');
  const u2 = cache.encodedUserProfile('u2');
  cache.rescore();
  assert.equal(cache.encodedUserProfile('u1'), u1, 'no score moved: the same answer');
  assert.equal(cache.encodedUserProfile('u2'), u2);
  // u3 now outspends everyone: u1's monetary score falls below u3's, so u1's answer must change.
  const before = cache.userProfile('u1').mScore;
  const u3 = [ev('u3', 'purchase', 'cream', 1, { orderId: 'o3', quantity: 5, unitPrice: 300 })];
  cache.apply({ items, events: u3, userIds: new Set(['u3']), itemIds: new Set<string>() }, NOW);
  assert.notEqual(cache.userProfile('u1').mScore, before, 'the case moves u1’s score');
  assert.notEqual(cache.encodedUserProfile('u1'), u1);
  for (const id of ['u1', 'u2', 'u3']) fresh(id);
});

test('empty ids are INVALID_ARGUMENT naming the field; unknown ones NOT_FOUND', () => {
  const cache = new ProfileCache();
  cache.apply({ items, events: history }, NOW);
  assert.throws(() => cache.userProfile(''), { code: 'INVALID_ARGUMENT', message: /user_id/ });
  assert.throws(() => cache.itemProfile(''), { code: 'INVALID_ARGUMENT', message: /item_id/ });
  assert.throws(() => cache.userProfile('nobody'), { code: 'NOT_FOUND' });
  assert.throws(() => cache.itemProfile('nothing'), { code: 'NOT_FOUND' });
});

test('a touched refresh replaces only the named users and items, not users seen through a touched item', () => {
  const cache = new ProfileCache();
  cache.apply({ items, events: history }, NOW);
  const before = cache.userProfile('u2');
  // u1 bought again; the snapshot holds all of u1's events and all of lipstick's, so u2 appears partially.
  const more = [...history, ev('u1', 'purchase', 'cream', 0.5, { orderId: 'o2', quantity: 1, unitPrice: 300 })];
  const touched = more.filter((e) => e.userId === 'u1' || e.itemId === 'lipstick');
  const result = cache.apply(
    { items, events: touched, userIds: new Set(['u1']), itemIds: new Set(['lipstick', 'cream']) },
    NOW,
  );
  assert.deepEqual(result.users, ['u1']);
  assert.equal(cache.userProfile('u1').frequency, 2);
  assert.equal(cache.userProfile('u2').activity?.views, before.activity?.views, 'u2 kept its full history');
  assert.equal(cache.itemProfile('dress').views, 1, 'untouched items stay');
});

test('co-view and co-buy neighbours come with the item profile', () => {
  const cache = new ProfileCache();
  cache.apply(
    {
      items,
      events: history,
      coViews: {
        pairs: [{ a: 'lipstick', b: 'cream', count: 3 }],
        occurrences: new Map([
          ['lipstick', 4],
          ['cream', 3],
        ]),
      },
    },
    NOW,
  );
  const [n] = cache.itemProfile('lipstick').coViewed;
  assert.equal(n?.itemId, 'cream');
  assert.equal(n?.count, 3);
  assert.ok(Math.abs((n?.score ?? 0) - 3 / Math.sqrt(12)) < 1e-9);
  assert.deepEqual(cache.itemProfile('dress').coViewed, []);
});

const options: ProfileServiceOptions = {
  touchedEveryMs: 60_000,
  fullEveryMs: 60_000,
  segmentEveryMs: 60_000,
  segmentMinUsers: 2,
  kMin: 2,
  kMax: 2,
  seed: 1,
};

function fakeSource(all: ItemEvent[]) {
  const calls: string[] = [];
  const source: ProfileSource = {
    // A page per user, then one for every item, as the ClickHouse source pages a full refresh.
    async *readAll(): AsyncGenerator<ProfileSnapshot> {
      calls.push('all');
      for (const user of new Set(all.map((e) => e.userId))) {
        yield { items, events: all.filter((e) => e.userId === user), userIds: new Set([user]), itemIds: new Set() };
      }
      const itemIds = new Set(all.flatMap((e) => (e.itemId ? [e.itemId] : [])));
      yield { items, events: all, userIds: new Set(), itemIds };
    },
    async readCatalog() {
      calls.push('catalog');
      return items;
    },
    async readTouched(users, touchedItems): Promise<TouchedSnapshot> {
      calls.push(`touched ${[...users].join(',')} / ${[...touchedItems].join(',')}`);
      const events = all.filter((e) => users.includes(e.userId) || touchedItems.includes(e.itemId ?? ''));
      return { events, userIds: new Set(users), itemIds: new Set(touchedItems) };
    },
  };
  return { source, calls };
}

/** A segmenter that puts users who bought in segment 1 and the others in 2, keeping `previous`. */
function fakeSegmenter(inputs: SegmentationInput[]) {
  return async (input: SegmentationInput): Promise<SegmentationResult> => {
    inputs.push(input);
    const real = await import('@demand/segments');
    return real.segmentUsers(input);
  };
}

test('the service refreshes everything at start, then only what stored batches touched, and fits segments', async () => {
  const all = [...history];
  const { source, calls } = fakeSource(all);
  const cache = new ProfileCache();
  const inputs: SegmentationInput[] = [];
  const updates: string[][] = [];
  const service = new ProfileService(
    { cache, source, segment: fakeSegmenter(inputs), onUpdated: (u) => void updates.push(u.users), now: () => NOW },
    options,
  );
  await service.start();
  try {
    assert.deepEqual(calls, ['all']);
    assert.equal(cache.userCount, 2);
    assert.deepEqual(updates[0]?.toSorted(), ['u1', 'u2'], 'every page of the full refresh is reported');
    assert.equal(cache.itemProfile('dress').views, 1);
    await service.segmentNow(); // the fit started at start (2 users ≥ segmentMinUsers)
    const first = cache.segments(10);
    assert.equal(first.modelVersion, 1);
    assert.equal(first.k, 2);
    assert.equal(first.points.length, 2);
    assert.equal(first.fittedAt, NOW);
    assert.notEqual(cache.userProfile('u1').segmentId, undefined);

    assert.deepEqual(await service.refreshTouched(), { users: [], items: [] }, 'nothing touched: no read');
    all.push(ev('u3', 'view', 'dress', 0.1));
    service.touch(['u3'], ['dress']);
    await service.refreshTouched();
    assert.equal(calls.at(-1), 'touched u3 / dress');
    assert.equal(cache.userProfile('u3').activity?.views, 1);
    assert.notEqual(cache.userProfile('u3').segmentId, undefined, 'a new user is placed by the current model');
    assert.equal(cache.itemProfile('dress').views, 2);
    assert.deepEqual(updates.at(-1), ['u3']);

    await service.segmentNow();
    assert.equal(cache.segments().modelVersion, 2);
    assert.ok(inputs[1]?.options?.previous, 'the second fit is matched to the first');
    assert.equal(inputs[1]?.profiles.length, 3);
  } finally {
    await service.stop();
  }
});

test('a failed touched read keeps the touched ids for the next tick', async () => {
  const cache = new ProfileCache();
  let fail = true;
  const source: ProfileSource = {
    async *readAll() {
      yield { items, events: history };
    },
    readCatalog: async () => items,
    readTouched: async (users) => {
      if (fail) throw new Error('store down');
      return { events: history.filter((e) => users.includes(e.userId)), userIds: new Set(users) };
    },
  };
  const service = new ProfileService(
    { cache, source, segment: fakeSegmenter([]), now: () => NOW },
    {
      ...options,
      segmentMinUsers: 100,
    },
  );
  await service.refreshAll();
  service.touch(['u1'], []);
  await assert.rejects(service.refreshTouched(), /store down/);
  assert.equal(service.pending, 1);
  fail = false;
  assert.deepEqual((await service.refreshTouched()).users, ['u1']);
  assert.equal(service.pending, 0);
  assert.equal(cache.segments().modelVersion, 0, 'too few users: no segmentation');
});

test('features.updated.v1 records carry the refreshed ids, at most `chunk` of each per record', () => {
  const users = Array.from({ length: 5 }, (_, i) => `u${i}`);
  const records = featuresUpdatedMessages({ users, items: ['i1'] }, NOW, 3, 2);
  assert.deepEqual(
    records.map((r) => [r.userIds, r.itemIds]),
    [
      [['u0', 'u1'], ['i1']],
      [['u2', 'u3'], []],
      [['u4'], []],
    ],
  );
  assert.ok(records.every((r) => r.updatedAt === NOW && r.segmentModelVersion === 3));
  assert.deepEqual(featuresUpdatedMessages({ users: [], items: [] }, NOW, 0), []);
});

test('a failed update notice is reported but the refresh stands', async () => {
  const cache = new ProfileCache();
  const errors: string[] = [];
  const service = new ProfileService(
    {
      cache,
      source: fakeSource(history).source,
      segment: fakeSegmenter([]),
      onUpdated: async () => {
        throw new Error('bus down');
      },
      onError: (_e, what) => void errors.push(what),
      now: () => NOW,
    },
    { ...options, segmentMinUsers: 100 },
  );
  assert.equal((await service.refreshAll()).users.length, 2);
  assert.deepEqual(errors, ['profile update notice']);
  assert.equal(cache.userProfile('u1').frequency, 1);
});

test('fits are saved as model versions and the latest is served again after a restart', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-segments-'));
  try {
    const segmentations = new ModelStoreSegmentations(new DirectoryModelStore({ root: dir }));
    const run = async () => {
      const cache = new ProfileCache();
      const inputs: SegmentationInput[] = [];
      const service = new ProfileService(
        { cache, source: fakeSource(history).source, segment: fakeSegmenter(inputs), segmentations, now: () => NOW },
        { ...options, segmentMinUsers: 100 },
      );
      await service.start();
      return { cache, service, inputs };
    };
    const first = await run();
    assert.equal(first.cache.segments().modelVersion, 0);
    await first.service.stop();
    const fit = segmentUsers({ profiles: first.cache.allUserProfiles(), options: { k: 2, seed: 1 } });
    assert.equal(await segmentations.save({ fittedAt: NOW, ...fit }), 1);

    const second = await run();
    const served = second.cache.segments(10);
    assert.equal(served.modelVersion, 1, 'the saved fit serves before any new fit');
    assert.equal(served.points.length, 2);
    assert.notEqual(second.cache.userProfile('u1').segmentId, undefined);
    await second.service.segmentNow().catch(() => undefined); // below segmentMinUsers: nothing
    await second.service.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('touched items follow the stored events alone, each event once; events stored during a full refresh make their item read again', async () => {
  const all = [...history];
  const { source, calls } = fakeSource(all);
  const cache = new ProfileCache();
  const service = new ProfileService(
    { cache, source, segment: async (input) => segmentUsers(input), now: () => NOW },
    options,
  );
  await service.refreshAll();
  const before = cache.itemProfile('lipstick');
  const stored = (id: string, userId: string, kind: ItemEvent['kind'], extra: Partial<ItemEvent> = {}) => ({
    ...ev(userId, kind, 'lipstick', 0.1, extra),
    eventId: id,
  });
  const batch = [stored('n1', 'u9', 'view'), stored('n2', 'u9', 'purchase', { quantity: 3 })];
  all.push(...batch);
  service.touch(['u9'], ['lipstick'], batch);
  service.touch(['u9'], ['lipstick'], [batch[0]!]); // the first event redelivered
  await service.refreshTouched();
  // u9 had no events at the full refresh: the user follows the stored events too, only the catalog is read.
  assert.equal(calls.at(-1), 'catalog', 'neither the user nor the item is read');
  assert.equal(cache.userProfile('u9').activity?.views, 1);
  assert.equal(cache.userProfile('u9').activity?.purchases, 1);
  const after = cache.itemProfile('lipstick');
  assert.equal(after.views, before.views + 1);
  assert.equal(after.purchases, before.purchases + 1);
  assert.equal(after.units, before.units + 3);
  assert.equal(after.users, before.users + 1);
  assert.equal(after.recent, before.recent + 2);
  // The same numbers as a profile computed from the whole history.
  await service.refreshAll();
  assert.deepEqual(cache.itemProfile('lipstick'), after);

  // An event stored while a full refresh runs: its item is read again at the next touched refresh.
  let release: () => void = () => undefined;
  const slowSource: ProfileSource = {
    async *readAll() {
      await new Promise<void>((resolve) => (release = resolve));
      yield* source.readAll();
    },
    readCatalog: source.readCatalog,
    readTouched: source.readTouched,
  };
  const slow = new ProfileService(
    { cache, source: slowSource, segment: async (i) => segmentUsers(i), now: () => NOW },
    options,
  );
  const full = slow.refreshAll();
  await new Promise((resolve) => setImmediate(resolve));
  const late = stored('n3', 'u9', 'view');
  all.push(late);
  slow.touch(['u9'], ['lipstick'], [late]);
  release();
  await full;
  await slow.refreshTouched();
  assert.equal(calls.at(-1), 'touched u9 / lipstick');
  assert.equal(cache.itemProfile('lipstick').views, after.views + 1, 'counted once, whether or not the page held it');
});
