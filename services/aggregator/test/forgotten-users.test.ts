import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { CleanEvent, Event } from '@demand/contracts';
import { ForgottenUsers } from '@demand/forgotten-users';
import { decodeIngestedEvent } from '../src/consumers/clean-event-rows.codec.js';
import { keepsEvent, keepsRow } from '../src/domain/forgotten-users.js';

const FORGOTTEN_AT = Date.parse('2026-12-01T12:00:00Z');
const clean = (userId: string, receivedAtMs: number | undefined) =>
  CleanEvent.fromPartial({
    event: Event.fromPartial({
      eventId: `e-${userId}-${receivedAtMs}`,
      userId,
      occurredAt: new Date(FORGOTTEN_AT - 3_600_000),
      ...(receivedAtMs === undefined ? {} : { receivedAt: new Date(receivedAtMs) }),
      payload: { $case: 'view', view: { itemId: 'i-1' } },
    }),
  });

test('events a forgotten user sent before the request are dropped; later ones, and other users, are kept', () => {
  const forgotten = new ForgottenUsers();
  forgotten.forget(['p-gone', 'shop-id-gone'], new Date(FORGOTTEN_AT));
  assert.equal(keepsEvent(forgotten, clean('p-gone', FORGOTTEN_AT - 1)), false, 'in flight when forgotten');
  assert.equal(keepsEvent(forgotten, clean('p-gone', FORGOTTEN_AT)), false);
  assert.equal(keepsEvent(forgotten, clean('shop-id-gone', FORGOTTEN_AT - 60_000)), false);
  assert.equal(keepsEvent(forgotten, clean('p-gone', FORGOTTEN_AT + 1)), true, 'new activity after the request');
  assert.equal(keepsEvent(forgotten, clean('p-other', FORGOTTEN_AT - 1)), true);
  assert.equal(keepsEvent(forgotten, clean('p-gone', undefined)), false, 'without a receive time: occurred before');
});

test('keepsRow decides as keepsEvent on the row the consumer decodes from the same event', () => {
  const forgotten = new ForgottenUsers();
  forgotten.forget(['p-gone'], new Date(FORGOTTEN_AT));
  for (const [userId, receivedAtMs] of [
    ['p-gone', FORGOTTEN_AT - 1],
    ['p-gone', FORGOTTEN_AT + 1],
    ['p-other', FORGOTTEN_AT - 1],
    ['p-gone', undefined],
  ] as const) {
    const event = clean(userId, receivedAtMs);
    const { row } = decodeIngestedEvent(CleanEvent.encode(event).finish());
    assert.ok(row);
    assert.equal(keepsRow(forgotten, row), keepsEvent(forgotten, event), `${userId} ${receivedAtMs}`);
  }
});
