import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { CATEGORIES, createShop, PERSONA_NAMES, TOP_CATEGORY_KEYS } from '../src/index.js';

const shop = createShop({ seed: 5, users: 400, items: 300 });
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

test('items carry Chinese and English titles, a three-level category path, price, attributes and stock', () => {
  const tops = new Set(CATEGORIES.map((c) => c.name[0]));
  for (const item of shop.items) {
    assert.match(item.itemId, /^i-\d{5}$/);
    assert.ok(item.title.includes(item.brand) && item.title.includes(item.categoryPath[2]!), item.title);
    assert.match(item.localizedTitles.en, /^[\x20-\x7e]+$/, item.localizedTitles.en);
    assert.ok(item.localizedTitles.en.startsWith(item.brandEn));
    assert.equal(item.categoryPath.length, 3);
    assert.ok(tops.has(item.categoryPath[0]!));
    assert.ok(item.price > 0 && item.price < 20_000, String(item.price));
    assert.equal(Number(item.price.toFixed(2)), item.price, 'prices are in whole cents');
    assert.ok(Object.keys(item.attributes).length > 0);
    assert.ok(item.stock > 0);
    assert.ok(item.description.length > 10);
  }
  assert.deepEqual(new Set(shop.items.map((i) => i.topCategory)), new Set(TOP_CATEGORY_KEYS));
});

test('similar items are close in the hidden taste space', () => {
  const items = shop.items.map((i) => ({ path: i.categoryPath, latent: shop.truth.items.get(i.itemId)!.latent }));
  let sameLeaf = 0,
    sameLeafN = 0,
    otherTop = 0,
    otherTopN = 0;
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      const similarity = cosine(items[a]!.latent, items[b]!.latent);
      if (items[a]!.path.join() === items[b]!.path.join()) (sameLeaf += similarity), sameLeafN++;
      else if (items[a]!.path[0] !== items[b]!.path[0]) (otherTop += similarity), otherTopN++;
    }
  }
  for (const { latent } of items) assert.ok(Math.abs(cosine(latent, latent) - 1) < 1e-9);
  assert.ok(sameLeaf / sameLeafN > otherTop / otherTopN + 0.3, `${sameLeaf / sameLeafN} vs ${otherTop / otherTopN}`);
});

test('item_upsert events mirror the catalog and survive a protobuf round trip', () => {
  const events = shop.itemUpsertEvents();
  assert.equal(events.length, shop.items.length);
  const start = Date.parse(`${shop.startDay}T00:00:00Z`);
  events.forEach((event, i) => {
    const item = shop.items[i]!;
    assert.equal(event.payload?.$case, 'itemUpsert');
    assert.ok(event.occurredAt!.getTime() < start);
    assert.equal(event.userId, '');
    const decoded = Event.decode(Event.encode(event).finish());
    // decode leaves unset message fields out, fromPartial writes them as undefined
    assert.deepEqual(Event.fromPartial(decoded), event);
    if (decoded.payload?.$case !== 'itemUpsert') return;
    const upsert = decoded.payload.itemUpsert;
    assert.deepEqual(
      [
        upsert.itemId,
        upsert.title,
        upsert.brand,
        upsert.categoryPath,
        upsert.price,
        upsert.currency,
        upsert.attributes,
        upsert.localizedTitles,
      ],
      [
        item.itemId,
        item.title,
        item.brand,
        item.categoryPath,
        item.price,
        'CNY',
        item.attributes,
        { en: item.localizedTitles.en },
      ],
    );
  });
  assert.equal(new Set(events.map((e) => e.eventId)).size, events.length);
});

test('every user has a persona and a unit taste vector; every persona occurs', () => {
  assert.equal(shop.users.length, 400);
  const personas = new Set<string>();
  for (const { userId } of shop.users) {
    const truth = shop.truth.users.get(userId)!;
    assert.equal(shop.truth.personaOf(userId), truth.persona);
    personas.add(truth.persona);
    assert.ok(Math.abs(cosine(truth.latent, truth.latent) - 1) < 1e-9);
    assert.ok(truth.activity > 0);
  }
  assert.deepEqual(personas, new Set(PERSONA_NAMES));
});

test('users of a persona lean towards its categories', () => {
  const itemsOf = (top: string) =>
    shop.items.filter((i) => i.topCategory === top).map((i) => shop.truth.items.get(i.itemId)!.latent);
  const affinity = (persona: string, top: string) => {
    const users = [...shop.truth.users.values()].filter((u) => u.persona === persona);
    const items = itemsOf(top);
    let sum = 0;
    for (const u of users) for (const latent of items) sum += cosine(u.latent, latent);
    return sum / (users.length * items.length);
  };
  assert.ok(affinity('tech_enthusiast', 'electronics') > affinity('mom_and_baby', 'electronics'));
  assert.ok(affinity('mom_and_baby', 'baby') > affinity('tech_enthusiast', 'baby'));
  assert.ok(affinity('beauty_lover', 'beauty') > affinity('fitness_fan', 'beauty'));
});

test('bad options are refused, every problem named at once', () => {
  assert.throws(
    () => createShop({ seed: 1.5, users: -1, items: 0, startDay: '2025-13-45' }),
    /seed must be an integer.*users must be.*items must be.*startDay must be/,
  );
});
