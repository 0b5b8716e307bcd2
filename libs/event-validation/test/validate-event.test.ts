import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { DialogRole, Event } from '@demand/contracts';
import { defaultEventLimits, validateEvent, ValidationError } from '../src/index.js';

const now = new Date('2026-11-23T12:00:00Z');
const base = { eventId: 'e-1', userId: 'u-1', sessionId: 's-1', occurredAt: new Date('2026-11-23T11:59:00Z') };

function problemOf(event: Event): string | undefined {
  try {
    validateEvent(event, 'events[3]', defaultEventLimits, now);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    assert.equal(error.code, 'INVALID_ARGUMENT');
    return error.message;
  }
}

test('a well-formed event of every kind passes', () => {
  const payloads: Event['payload'][] = [
    { $case: 'view', view: { itemId: 'i-1', surface: 'detail', dwellMs: 1200 } },
    { $case: 'click', click: { itemId: 'i-1', surface: 'recs', position: 2, recRequestId: '' } },
    { $case: 'search', search: { query: '连衣裙 夏季', resultsCount: 12 } },
    { $case: 'addToCart', addToCart: { itemId: 'i-1', quantity: 1, unitPrice: 199, currency: 'CNY' } },
    { $case: 'removeFromCart', removeFromCart: { itemId: 'i-1', quantity: 1 } },
    { $case: 'purchase', purchase: { orderId: 'o-1', itemId: 'i-1', quantity: 2, unitPrice: 199, currency: 'CNY' } },
    { $case: 'review', review: { itemId: 'i-1', rating: 5, text: '质量很好 👍', orderId: 'o-1' } },
    {
      $case: 'dialogTurn',
      dialogTurn: {
        conversationId: 'c-1',
        role: DialogRole.DIALOG_ROLE_CUSTOMER,
        text: '什么时候发货？',
        itemId: 'i-1',
        turnIndex: 0,
      },
    },
  ];
  for (const payload of payloads)
    assert.equal(problemOf(Event.fromPartial({ ...base, payload })), undefined, payload?.$case);
  const item = Event.fromPartial({
    eventId: 'e-2',
    occurredAt: base.occurredAt,
    payload: {
      $case: 'itemUpsert',
      itemUpsert: {
        itemId: 'i-1',
        title: '夏季碎花连衣裙',
        price: 199,
        currency: 'CNY',
        categoryPath: ['服装', '女装'],
      },
    },
  });
  assert.equal(problemOf(item), undefined);
});

test('errors name the index and the field', () => {
  const purchase = (quantity: number) =>
    Event.fromPartial({
      ...base,
      payload: { $case: 'purchase', purchase: { orderId: 'o-1', itemId: 'i-1', quantity, unitPrice: 10 } },
    });
  assert.equal(problemOf(purchase(0)), 'events[3].purchase.quantity: must be between 1 and 10000 (got 0)');
  assert.match(
    problemOf(Event.fromPartial({ ...base, eventId: '', payload: { $case: 'view', view: { itemId: 'i' } } })) ?? '',
    /^events\[3\]\.event_id: is required/,
  );
  assert.match(problemOf(Event.fromPartial({ ...base })) ?? '', /^events\[3\]\.payload: one event kind must be set/);
  assert.match(
    problemOf(Event.fromPartial({ ...base, userId: '', payload: { $case: 'view', view: { itemId: 'i' } } })) ?? '',
    /^events\[3\]\.user_id: is required/,
  );
  assert.match(
    problemOf(
      Event.fromPartial({ ...base, payload: { $case: 'review', review: { itemId: 'i', rating: 6, text: '' } } }),
    ) ?? '',
    /review\.rating: must be between 1 and 5/,
  );
  assert.match(
    problemOf(
      Event.fromPartial({ ...base, payload: { $case: 'dialogTurn', dialogTurn: { conversationId: 'c', text: 'hi' } } }),
    ) ?? '',
    /dialog_turn\.role/,
  );
  assert.match(
    problemOf(
      Event.fromPartial({
        ...base,
        payload: { $case: 'addToCart', addToCart: { itemId: 'i', quantity: 1, unitPrice: Number.NaN } },
      }),
    ) ?? '',
    /add_to_cart\.unit_price/,
  );
});

test('limits: oversized text, odd ids and events from the future are refused', () => {
  const longText = 'a'.repeat(defaultEventLimits.maxTextLength + 1);
  assert.match(
    problemOf(
      Event.fromPartial({ ...base, payload: { $case: 'review', review: { itemId: 'i', rating: 3, text: longText } } }),
    ) ?? '',
    /review\.text: must be at most 10000 characters \(got 10001\)/,
  );
  assert.match(
    problemOf(Event.fromPartial({ ...base, eventId: 'a b', payload: { $case: 'view', view: { itemId: 'i' } } })) ?? '',
    /event_id: may only contain/,
  );
  const future = new Date(now.getTime() + defaultEventLimits.futureToleranceMs + 1000);
  assert.match(
    problemOf(Event.fromPartial({ ...base, occurredAt: future, payload: { $case: 'view', view: { itemId: 'i' } } })) ??
      '',
    /occurred_at: is in the future/,
  );
});

test('size limits on every free-form field: source, surface, ids, attribute names, localized titles', () => {
  const view = (fields: object) =>
    Event.fromPartial({ ...base, payload: { $case: 'view', view: { itemId: 'i', ...fields } } });
  assert.match(
    problemOf(
      Event.fromPartial({ ...base, source: 'w'.repeat(65), payload: { $case: 'view', view: { itemId: 'i' } } }),
    ) ?? '',
    /^events\[3\]\.source: must be at most 64 characters \(got 65\)$/,
  );
  assert.match(problemOf(view({ surface: 's'.repeat(100) })) ?? '', /view\.surface: must be at most 64/);
  assert.match(
    problemOf(
      Event.fromPartial({ ...base, payload: { $case: 'click', click: { itemId: 'i', recRequestId: 'has space' } } }),
    ) ?? '',
    /click\.rec_request_id: may only contain/,
  );
  assert.match(
    problemOf(
      Event.fromPartial({ ...base, payload: { $case: 'review', review: { itemId: 'i', rating: 4, orderId: '<o>' } } }),
    ) ?? '',
    /review\.order_id: may only contain/,
  );
  const item = (fields: object) =>
    Event.fromPartial({
      eventId: 'e',
      occurredAt: base.occurredAt,
      payload: { $case: 'itemUpsert', itemUpsert: { itemId: 'i', title: 't', ...fields } },
    });
  assert.match(
    problemOf(item({ attributes: { ['k'.repeat(65)]: 'v' } })) ?? '',
    /item_upsert\.attributes\["k+"\]: name must be 1 to 64 characters/,
  );
  assert.match(
    problemOf(item({ localizedTitles: { 'not a tag': 'x' } })) ?? '',
    /item_upsert\.localized_titles\["not a tag"\]: key must be a BCP 47 language tag/,
  );
  assert.match(
    problemOf(item({ localizedTitles: { en: 'x'.repeat(513) } })) ?? '',
    /localized_titles\["en"\]: must be at most 512 characters/,
  );
  const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`l${'abcdefghijklmnopq'[i]}`, 'x']));
  assert.match(
    problemOf(item({ localizedTitles: many })) ?? '',
    /localized_titles: must have at most 16 entries \(got 17\)/,
  );
  assert.equal(
    problemOf(item({ localizedTitles: { en: 'Dress', 'zh-Hant': '連衣裙' }, attributes: { 颜色: '红色' } })),
    undefined,
  );
});
