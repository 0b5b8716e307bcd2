import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { CleanEvent, type Event } from '@demand/contracts';
import { compactRow, EVENT_COLUMNS, toRows } from '../src/domain/event-rows.js';
import { itemUpsertPayload } from './item-upsert-fixture.js';

const AT = Date.parse('2026-11-30T10:00:00.123Z');

function clean(id: string, payload: Event['payload'], flags: string[] = []): CleanEvent {
  return CleanEvent.fromPartial({
    event: { eventId: id, userId: 'u1', sessionId: 's1', source: 'web', occurredAt: new Date(AT), payload },
    flags,
  });
}

test('toRows fills each kind from its own payload fields and leaves the others empty', () => {
  const { events, items } = toRows([
    clean('p', {
      $case: 'purchase',
      purchase: { orderId: 'o1', itemId: 'i1', quantity: 2, unitPrice: 9.5, currency: 'CNY' },
    }),
    clean('c', { $case: 'addToCart', addToCart: { itemId: 'i2', quantity: 1, unitPrice: 3, currency: 'USD' } }),
    clean('r', { $case: 'removeFromCart', removeFromCart: { itemId: 'i2', quantity: 1 } }),
    clean('v', { $case: 'review', review: { itemId: 'i1', rating: 4, text: '好', orderId: 'o1' } }, ['pii:masked']),
    clean('s', { $case: 'search', search: { query: '连衣裙', resultsCount: 3 } }),
    clean('d', {
      $case: 'dialogTurn',
      dialogTurn: { conversationId: 'c1', role: 1, text: 'hi', itemId: '', turnIndex: 0 },
    }),
    clean('w', { $case: 'view', view: { itemId: 'i3', surface: 'home', dwellMs: 5 } }),
    clean('u', itemUpsertPayload()),
  ]);
  // Columns: event_id kind user session item occurred received source qty price currency rating text query order flags
  const base = ['u1', 's1'];
  assert.deepEqual(
    events.map((e) => compactRow(e)),
    [
      ['p', 'purchase', ...base, 'i1', AT, AT, 'web', 2, 9.5, 'CNY', 0, '', '', 'o1', []],
      ['c', 'add_to_cart', ...base, 'i2', AT, AT, 'web', 1, 3, 'USD', 0, '', '', '', []],
      ['r', 'remove_from_cart', ...base, 'i2', AT, AT, 'web', 1, 0, '', 0, '', '', '', []],
      ['v', 'review', ...base, 'i1', AT, AT, 'web', 0, 0, '', 4, '好', '', 'o1', ['pii:masked']],
      ['s', 'search', ...base, '', AT, AT, 'web', 0, 0, '', 0, '', '连衣裙', '', []],
      ['d', 'dialog_turn', ...base, '', AT, AT, 'web', 0, 0, '', 0, 'hi', '', '', []],
      ['w', 'view', ...base, 'i3', AT, AT, 'web', 0, 0, '', 0, '', '', '', []],
    ],
  );
  assert.equal(EVENT_COLUMNS.length, 16);
  assert.deepEqual(
    items.map((i) => [i.item_id, i.updated_at]),
    [['i9', new Date(AT).toISOString()]],
  );
});
