import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event, Topics, allTopicNames, partitionKeyOfEvent } from '../src/index.js';

test('behaviour events are keyed by user, item upserts by item', () => {
  const view = Event.fromPartial({ eventId: 'e1', userId: 'u1', payload: { $case: 'view', view: { itemId: 'i1' } } });
  const upsert = Event.fromPartial({
    eventId: 'e2',
    payload: { $case: 'itemUpsert', itemUpsert: { itemId: 'i9', title: 't' } },
  });
  assert.equal(partitionKeyOfEvent(view), 'u1');
  assert.equal(partitionKeyOfEvent(upsert), 'i9');
});

test('an event survives the raw topic codec unchanged', () => {
  const occurredAt = new Date('2026-11-01T10:00:00.123Z');
  const event = Event.fromPartial({
    eventId: 'e1',
    userId: 'u1',
    occurredAt,
    payload: {
      $case: 'purchase',
      purchase: { itemId: 'i1', quantity: 2, unitPrice: 19.9, currency: 'CNY', orderId: 'o1' },
    },
  });
  const bytes = Topics.eventsRaw.codec.encode(event).finish();
  // decode leaves unset message fields out, fromPartial writes them as undefined
  assert.deepEqual(Event.fromPartial(Topics.eventsRaw.codec.decode(bytes)), event);
});

test('every topic has a dead-letter topic in the registry', () => {
  const names = allTopicNames().map((t) => t.name);
  for (const topic of Object.values(Topics)) {
    assert.ok(names.includes(topic.name));
    assert.ok(names.includes(`${topic.name}.dlq`));
  }
});

test('itemIdOf names the item of every kind that has one', async () => {
  const { itemIdOf } = await import('../src/index.js');
  assert.equal(
    itemIdOf({ $case: 'purchase', purchase: { orderId: 'o', itemId: 'i7', quantity: 1, unitPrice: 1, currency: '' } }),
    'i7',
  );
  assert.equal(
    itemIdOf({
      $case: 'dialogTurn',
      dialogTurn: { conversationId: 'c', role: 1, text: 't', itemId: 'i8', turnIndex: 0 },
    }),
    'i8',
  );
  assert.equal(itemIdOf({ $case: 'search', search: { query: 'q', resultsCount: 0 } }), '');
});

test('forecasts are keyed by series id and training requests by model', async () => {
  const { DemandLevel } = await import('../src/index.js');
  const base = { eventId: 'e', method: 'ets', backtestMase: 1, points: [], modelVersion: '', kind: 'refit' };
  const more = { dataThrough: '2026-01-01', occurredAt: '' };
  const item = { ...base, ...more, level: DemandLevel.DEMAND_LEVEL_ITEM, id: 'i1' };
  assert.equal(Topics.forecastsUpdated.keyOf(item), 'item:i1');
  assert.equal(
    Topics.forecastsUpdated.keyOf({ ...item, level: DemandLevel.DEMAND_LEVEL_CATEGORY, id: 'c' }),
    'category:c',
  );
  assert.equal(Topics.forecastsUpdated.keyOf({ ...item, level: DemandLevel.DEMAND_LEVEL_SHOP, id: '' }), 'shop');
  assert.equal(Topics.forecastsUpdated.dlq, 'forecasts.updated.v1.dlq');
  const request = { model: 'demand-forecast', reason: 'drift', requestedAt: '2026-01-01T00:00:00Z' };
  assert.equal(Topics.trainingRequested.keyOf(request), 'demand-forecast');
  assert.deepEqual(
    Topics.trainingRequested.codec.decode(Topics.trainingRequested.codec.encode(request).finish()),
    request,
  );
});
