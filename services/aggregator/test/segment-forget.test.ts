import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { type ItemInfo, type SegmentationInput, segmentUsers } from '@demand/segments';
import { ProfileService } from '../src/domain/profile-service.js';
import type { StoredItemEvent } from '../src/domain/profile-events.js';
import { ProfileCache, type SegmentationVersion } from '../src/domain/profiles.js';
import type { ProfileSnapshot, ProfileSource } from '../src/ports/profile-source.port.js';
import type { SegmentationStore } from '../src/ports/segmentation-store.port.js';
import { HAND_RUN_REFRESHES } from './event-row-fixture.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const items: ItemInfo[] = [
  { itemId: 'dress', categoryPath: ['服装'], brand: 'B', price: 200 },
  { itemId: 'coffee', categoryPath: ['食品'], brand: 'C', price: 30 },
];
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const stored: StoredItemEvent[] = USERS.flatMap((userId, i) =>
  [0, 1, 2].map((n) => ({
    eventId: `${userId}-${n}`,
    userId,
    itemId: i % 2 === 0 ? 'dress' : 'coffee',
    kind: n === 2 ? ('purchase' as const) : ('view' as const),
    at: NOW - (i + 1) * 3_600_000 - n * 60_000,
  })),
);

function sourceOf(events: () => StoredItemEvent[]): ProfileSource {
  return {
    async *readAll(): AsyncGenerator<ProfileSnapshot> {
      const now = events();
      yield {
        items,
        events: now,
        userIds: new Set(now.map((e) => e.userId)),
        itemIds: new Set(items.map((i) => i.itemId)),
      };
    },
    readCatalog: async () => items,
    readTouched: async (users, touchedItems) => ({
      events: events().filter((e) => users.includes(e.userId)),
      userIds: new Set(users),
      itemIds: new Set(touchedItems),
    }),
  };
}

class SavedSegmentations implements SegmentationStore {
  readonly saved: SegmentationVersion[] = [];
  async latest() {
    return this.saved.at(-1);
  }
  async save(fit: Omit<SegmentationVersion, 'version'>) {
    this.saved.push({ ...fit, version: this.saved.length + 1 });
    return this.saved.length;
  }
}

const options = { ...HAND_RUN_REFRESHES, segmentMinUsers: 4 };
/** A service whose segment fits wait for `release` (the worker was handed every profile by then). */
function withGatedFits(events: () => StoredItemEvent[]) {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const cache = new ProfileCache();
  const segmentations = new SavedSegmentations();
  const segment = async (input: SegmentationInput) => {
    await gate;
    return segmentUsers(input);
  };
  const service = new ProfileService(
    { cache, source: sourceOf(events), segmentations, segment, now: () => NOW },
    options,
  );
  return { cache, segmentations, service, release: () => release() };
}

const placed = (cache: ProfileCache) => cache.segments(100).points.map((p) => p.userId);

test('a user forgotten while segments are fitted is neither served nor saved with the fit the worker returns', async () => {
  const { cache, segmentations, service, release } = withGatedFits(() => stored);
  await service.refreshAll();
  const fit = service.segmentNow();
  assert.equal(await service.forgetUsers(['u1']), 1);
  release();
  await fit;
  assert.deepEqual(placed(cache).sort(), ['u2', 'u3', 'u4', 'u5', 'u6']);
  assert.deepEqual(segmentations.saved[0]!.assignments.map((a) => a.userId).sort(), ['u2', 'u3', 'u4', 'u5', 'u6']);
});

test('a saved segmentation installed at start no longer places a user the store has forgotten once the full refresh ran', async () => {
  const first = new ProfileCache();
  const segmentations = new SavedSegmentations();
  const deps = { source: sourceOf(() => stored), segmentations, segment: segmentUsers, now: () => NOW };
  const before = new ProfileService({ ...deps, cache: first, segment: async (input) => segmentUsers(input) }, options);
  await before.refreshAll();
  await before.segmentNow();
  assert.ok(placed(first).includes('u1'));

  // u1 is forgotten after that save (its rows deleted); the aggregator restarts from the saved fit.
  const cache = new ProfileCache();
  const after = new ProfileService(
    {
      cache,
      source: sourceOf(() => stored.filter((e) => e.userId !== 'u1')),
      segmentations,
      segment: () => Promise.reject(new Error('not fitted here')),
      now: () => NOW,
    },
    options,
  );
  cache.installSegmentation((await segmentations.latest())!);
  assert.ok(placed(cache).includes('u1'), 'the saved fit places u1');
  await after.refreshAll();
  assert.deepEqual(placed(cache).sort(), ['u2', 'u3', 'u4', 'u5', 'u6']);
});

test('a user a full refresh drops while segments are fitted is not placed by the fit the worker returns', async () => {
  let events = stored;
  const { cache, segmentations, service, release } = withGatedFits(() => events);
  await service.refreshAll();
  const fit = service.segmentNow();
  events = stored.filter((e) => e.userId !== 'u1'); // u1's events aged out of the store
  await service.refreshAll();
  assert.equal(cache.hasUser('u1'), false);
  release();
  await fit;
  assert.deepEqual(placed(cache).sort(), ['u2', 'u3', 'u4', 'u5', 'u6']);
  assert.deepEqual(segmentations.saved[0]!.assignments.map((a) => a.userId).sort(), ['u2', 'u3', 'u4', 'u5', 'u6']);
});
