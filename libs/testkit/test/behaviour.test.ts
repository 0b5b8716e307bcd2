import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { countExpectedItemStats } from '../src/index.js';
import { countBy, itemIdOf, kindOf, mediumRun } from './fixtures.js';

const { shop, events, truth } = mediumRun();

test('funnel rates are realistic: view→cart 5–10 %, cart→purchase 30–50 %', () => {
  const kinds = countBy(events, kindOf);
  const viewToCart = kinds.get('addToCart')! / kinds.get('view')!;
  const cartToPurchase = kinds.get('purchase')! / kinds.get('addToCart')!;
  assert.ok(viewToCart >= 0.05 && viewToCart <= 0.1, `view→cart ${viewToCart}`);
  assert.ok(cartToPurchase >= 0.3 && cartToPurchase <= 0.5, `cart→purchase ${cartToPurchase}`);
  assert.ok(kinds.get('removeFromCart')! > 0 && kinds.get('search')! > 0 && kinds.get('click')! > 0);
  assert.equal(events.length, truth.counts.humanEvents);
});

test('every event has a unique id, a user, a session, a source and a time, and time never goes back', () => {
  assert.equal(new Set(events.map((e) => e.eventId)).size, events.length);
  let previous = 0;
  for (const event of events) {
    assert.match(event.eventId, /^[A-Za-z0-9._:@-]+$/);
    assert.ok(event.userId && event.sessionId && event.source, event.eventId);
    const at = event.occurredAt!.getTime();
    assert.ok(at >= previous, 'non-decreasing occurred_at');
    previous = at;
  }
  assert.ok(truth.days.length === 14 && truth.days[0]!.day === shop.startDay);
});

test('every purchase follows a view and an add-to-cart of that item by that user in that session', () => {
  const viewed = new Set<string>();
  const carted = new Set<string>();
  let purchases = 0;
  for (const event of events) {
    const key = `${event.userId}|${itemIdOf(event)}`;
    const p = event.payload!;
    if (p.$case === 'view') viewed.add(key);
    if (p.$case === 'addToCart') {
      assert.ok(viewed.has(key), 'carted after a view');
      carted.add(`${event.sessionId}|${key}`);
    }
    if (p.$case === 'purchase') {
      purchases++;
      assert.ok(viewed.has(key) && carted.has(`${event.sessionId}|${key}`));
      assert.match(p.purchase.orderId, /^or-/);
      assert.ok(p.purchase.quantity >= 1 && p.purchase.unitPrice > 0);
      assert.equal(event.source, 'order_system');
    }
    if (p.$case === 'review') assert.ok(viewed.has(key), 'reviewed after buying');
  }
  assert.ok(purchases > 100, `${purchases} purchases`);
});

test('truth demand equals the units in purchase events', () => {
  for (const row of countExpectedItemStats(events)) {
    if (row.itemId) assert.equal(truth.unitsSold(row.itemId, row.day), row.units, `${row.itemId} ${row.day}`);
  }
  const totalTruth = [...truth.demand.values()].flatMap((m) => [...m.values()]).reduce((a, b) => a + b, 0);
  const totalEvents = events.reduce(
    (s, e) => s + (e.payload?.$case === 'purchase' ? e.payload.purchase.quantity : 0),
    0,
  );
  assert.equal(totalTruth, totalEvents);
});

test('weekends are busier than midweek', () => {
  const perDay = countBy(events, (e) => String(e.occurredAt!.getUTCDay()));
  const weekend = (perDay.get('6')! + perDay.get('0')!) / 2;
  const midweek = (perDay.get('2')! + perDay.get('3')!) / 2;
  assert.ok(weekend > 1.1 * midweek, `${weekend} vs ${midweek}`);
});

test('flash sales lift the views of their items', () => {
  const views = countBy(
    events.filter((e) => e.payload?.$case === 'view'),
    (e) => `${itemIdOf(e)}|${e.occurredAt!.toISOString().slice(0, 10)}`,
  );
  let onSale = 0,
    offSale = 0,
    onDays = 0,
    offDays = 0;
  for (const promo of truth.promotions.filter((p) => p.kind === 'flash_sale')) {
    for (const itemId of promo.itemIds) {
      for (const day of truth.days) {
        const promoted = day.day === promo.day;
        const n = views.get(`${itemId}|${day.day}`) ?? 0;
        if (promoted) (onSale += n), onDays++;
        else (offSale += n), offDays++;
      }
    }
  }
  assert.ok(onDays > 0);
  assert.ok(onSale / onDays > 2 * (offSale / offDays), `${onSale / onDays} vs ${offSale / offDays}`);
});

test('queries reflect a hidden intent whose items really match it', () => {
  assert.ok(truth.searches.size > 100);
  const languages = countBy(truth.searches.values(), (s) => s.language);
  assert.ok((languages.get('en') ?? 0) > 0 && languages.get('zh')! > languages.get('en')!);
  for (const search of truth.searches.values()) {
    const intent = truth.searchIntents.get(search.intentKey)!;
    assert.ok(intent.itemIds.includes(search.targetItemId), search.query);
    for (const itemId of intent.itemIds) {
      const item = shop.item(itemId)!;
      assert.deepEqual(item.categoryPath, intent.categoryPath);
      if (intent.brand) assert.equal(item.brand, intent.brand);
      if (intent.attribute) assert.equal(item.attributes[intent.attribute.key], intent.attribute.value);
      if (intent.maxPrice) assert.ok(item.price <= intent.maxPrice);
    }
    const leaf = intent.categoryPath[2]!;
    const leafEn = shop.item(search.targetItemId)!.categoryPathEn[2]!.toLowerCase();
    assert.ok(search.query.includes(search.language === 'zh' ? leaf : leafEn), `${search.query} / ${leaf}`);
  }
});
