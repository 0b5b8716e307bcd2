import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { createShop } from '../src/index.js';

const options = { seed: 11, users: 60, items: 80 };
const bytes = (events: Iterable<Event>) =>
  [...events].map((e) => Buffer.from(Event.encode(e).finish()).toString('base64'));

test('the same seed builds the same shop and the same events', () => {
  const a = createShop(options);
  const b = createShop(options);
  assert.deepEqual(a.items, b.items);
  assert.deepEqual([...a.truth.users.values()], [...b.truth.users.values()]);
  assert.deepEqual([...a.truth.items.values()], [...b.truth.items.values()]);
  assert.deepEqual(bytes(a.generateEvents({ days: 3 })), bytes(b.generateEvents({ days: 3 })));
});

test('a different seed builds a different shop', () => {
  const a = createShop(options);
  const b = createShop({ ...options, seed: 12 });
  assert.notDeepEqual(
    a.items.map((i) => i.title),
    b.items.map((i) => i.title),
  );
});

test('iterating a run again replays it and rebuilds its truth', () => {
  const run = createShop(options).generateEvents({
    days: 2,
    dirt: { dirtyRate: 0.05, duplicateRate: 0.05 },
    bots: { sessionRate: 0.05 },
  });
  const truth = run.truth;
  const first = bytes(run);
  const counts = structuredClone(truth.counts);
  const dirty = [...truth.dirty.keys()];
  assert.deepEqual(bytes(run), first);
  assert.equal(run.truth, truth, 'the truth object is reused, so references taken before iterating stay valid');
  assert.deepEqual(truth.counts, counts);
  assert.deepEqual([...truth.dirty.keys()], dirty);
});

test('maxEvents cuts a prefix of the same stream', () => {
  const shop = createShop(options);
  const full = bytes(shop.generateEvents({ days: 3 }));
  const run = shop.generateEvents({ days: 3, maxEvents: 500 });
  assert.deepEqual(bytes(run), full.slice(0, 500));
  assert.equal(run.truth.counts.events, 500);
});

test("switching dirt and bots on leaves the people's clean events untouched", () => {
  const shop = createShop(options);
  const clean = [...shop.generateEvents({ days: 3 })];
  const run = shop.generateEvents({
    days: 3,
    dirt: { dirtyRate: 0.1, duplicateRate: 0.05 },
    bots: { sessionRate: 0.05 },
  });
  const seen = new Set<string>();
  const untouched = [...run].filter((e) => {
    const first = !seen.has(e.eventId);
    seen.add(e.eventId);
    return first && !run.truth.isBot(e.eventId) && !run.truth.dirty.has(e.eventId);
  });
  const byId = new Map(clean.map((e) => [e.eventId, e]));
  assert.ok(untouched.length > 0.85 * clean.length);
  for (const event of untouched) assert.deepEqual(event, byId.get(event.eventId));
});
