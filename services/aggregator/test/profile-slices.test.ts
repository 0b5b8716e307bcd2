import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { UserProfile } from '@demand/contracts';
import { type ItemInfo, rfmScores } from '@demand/segments';
import type { StoredItemEvent } from '../src/domain/profile-events.js';
import { HAND_RUN_REFRESHES } from './event-row-fixture.js';
import { ProfileService } from '../src/domain/profile-service.js';
import { ProfileCache } from '../src/domain/profiles.js';
import type { ProfileSnapshot, ProfileSource } from '../src/ports/profile-source.port.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');
const items: ItemInfo[] = [
  { itemId: 'tea', categoryPath: ['食品'], brand: 'T', price: 10 },
  { itemId: 'pot', categoryPath: ['家居'], brand: 'P', price: 80 },
];

/** User `u<i>`'s events: a view, and for most users purchases (values repeat every 60 and 500 users: ties). */
function eventsOf(i: number, round: number): StoredItemEvent[] {
  const userId = `u${i}`;
  const at = (days: number) => NOW - days * DAY;
  const events: StoredItemEvent[] = [
    { eventId: `${userId}-v${round}`, userId, kind: 'view', itemId: 'tea', at: at(40), sessionId: `${userId}-v` },
  ];
  for (let k = 0; k < (i * 7 + round) % 4; k++) {
    events.push({
      eventId: `${userId}-p${round}-${k}`,
      userId,
      kind: 'purchase',
      itemId: k % 2 ? 'pot' : 'tea',
      at: at(((i * 13 + round * 7) % 60) + k),
      sessionId: `${userId}-p${k}`,
      orderId: `${userId}-o${round}-${k}`,
      quantity: 1 + ((i + k) % 3),
      unitPrice: 10 + ((i * 37 + round * 11) % 500),
    });
  }
  return events;
}

const page = (ids: number[], round: number): ProfileSnapshot => ({
  items,
  events: ids.flatMap((i) => eventsOf(i, round)),
  userIds: new Set(ids.map((i) => `u${i}`)),
  itemIds: new Set(),
});

/** Users whose served scores or answer bytes differ from `rfmScores` over every profile held. */
function wrongAnswers(cache: ProfileCache): string[] {
  const profiles = cache.allUserProfiles();
  const expected = rfmScores(profiles.map((p) => p.rfm));
  return profiles.flatMap((p, i) => {
    const served = cache.userProfile(p.userId);
    const want = expected[i]!;
    const bytes = Buffer.from(UserProfile.encode(served).finish());
    const scored = served.rScore === want.r && served.fScore === want.f && served.mScore === want.m;
    return scored && bytes.equals(cache.encodedUserProfile(p.userId)) ? [] : [p.userId];
  });
}

test('served scores and answers stay rfmScores over every profile through touched pages, forgets and full refreshes', () => {
  const cache = new ProfileCache();
  const ids = Array.from({ length: 1500 }, (_, i) => i);
  cache.apply(page(ids, 0), NOW);
  assert.deepEqual(wrongAnswers(cache), [], 'after the first full refresh');
  for (let round = 1; round <= 4; round++) {
    // Answers encoded now are read again after the others move their scores.
    for (const i of ids.slice(0, 300)) if (cache.hasUser(`u${i}`)) cache.encodedUserProfile(`u${i}`);
    cache.applyPage(page(ids.slice(round * 200, round * 200 + 150), round), NOW);
    cache.applyPage(page([round * 1000 + 5000, round * 1000 + 5001], round), NOW);
    cache.forgetUsers([`u${round * 7}`, `u${round * 200 + 3}`]);
    cache.rescore();
    assert.deepEqual(wrongAnswers(cache), [], `after touched round ${round}`);
  }
  cache.apply(page(ids.slice(0, 1000), 9), NOW);
  assert.deepEqual(wrongAnswers(cache), [], 'after a second full refresh');
});

test('a forget answers with rfmScores over the users left, with no refresh or rescore after it', async () => {
  const ids = Array.from({ length: 1500 }, (_, i) => i);
  const source: ProfileSource = {
    async *readAll() {
      yield { ...page(ids, 0), itemIds: new Set(['tea', 'pot']) };
    },
    readCatalog: async () => items,
    readTouched: () => Promise.reject(new Error('no touched refresh here')),
  };
  const cache = new ProfileCache();
  const service = new ProfileService(
    { cache, source, segment: () => Promise.reject(new Error('not fitted here')), now: () => NOW },
    HAND_RUN_REFRESHES,
  );
  await service.refreshAll();
  for (let round = 0; round < 3; round++) {
    // Answers encoded now are read again after the forget moves the cut points.
    for (const i of ids.slice(0, 300)) if (cache.hasUser(`u${i}`)) cache.encodedUserProfile(`u${i}`);
    const forgotten = ids.slice(300 + round * 150, 300 + round * 150 + 120).map((i) => `u${i}`);
    assert.equal(await service.forgetUsers(forgotten), forgotten.length);
    assert.equal(cache.userCount, ids.length - (round + 1) * forgotten.length);
    assert.deepEqual(wrongAnswers(cache), [], `right after forget ${round}`);
  }
});

test('refreshes yield to the event loop between users, so reads are answered during them', async () => {
  const users = Array.from({ length: 40 }, (_, i) => i);
  const all = { ...page(users, 0), itemIds: new Set(['tea', 'pot']) };
  const source: ProfileSource = {
    async *readAll() {
      yield all;
    },
    readCatalog: async () => items,
    readTouched: async (userIds) => {
      const {
        events,
        userIds: named,
        itemIds,
      } = page(
        userIds.map((id) => Number(id.slice(1))),
        1,
      );
      return { events, userIds: named, itemIds };
    },
  };
  const cache = new ProfileCache();
  const service = new ProfileService(
    { cache, source, segment: () => Promise.reject(new Error('not fitted here')), now: () => NOW },
    { ...HAND_RUN_REFRESHES, sliceMs: 0 },
  );
  const turnsDuring = async (refresh: () => Promise<unknown>) => {
    let turns = 0;
    let done = false;
    const turn = () => {
      turns++;
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    await refresh().finally(() => {
      done = true;
    });
    return turns;
  };
  assert.ok((await turnsDuring(() => service.refreshAll())) >= 2 * users.length, 'a turn a user, twice (scores)');
  service.touch(['u1', 'u2', 'u3'], []);
  assert.ok((await turnsDuring(() => service.refreshTouched())) >= 3);
  // Users with kept histories move on by the events stored for them, items by their events alone.
  const stored = users.slice(0, 10).map((i) => ({
    eventId: `new-${i}`,
    userId: `u${i}`,
    kind: 'view' as const,
    itemId: 'pot',
    at: NOW - 1000,
    sessionId: `u${i}-new`,
  }));
  assert.equal(cache.histories.size, users.length, 'every history was kept by the full read');
  const potViews = cache.itemProfile('pot').views;
  service.touch(
    stored.map((e) => e.userId),
    ['pot'],
    stored,
  );
  assert.ok((await turnsDuring(() => service.refreshTouched())) >= 10);
  assert.equal(cache.itemProfile('pot').views, potViews + 10);
  assert.deepEqual(wrongAnswers(cache), []);
});
