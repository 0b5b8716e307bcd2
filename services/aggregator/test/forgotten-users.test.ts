import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { CleanEvent, Event } from '@demand/contracts';
import { ForgottenUsers } from '../src/domain/forgotten-users.js';

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
  assert.equal(forgotten.keeps(clean('p-gone', FORGOTTEN_AT - 1)), false, 'in flight when forgotten');
  assert.equal(forgotten.keeps(clean('p-gone', FORGOTTEN_AT)), false);
  assert.equal(forgotten.keeps(clean('shop-id-gone', FORGOTTEN_AT - 60_000)), false);
  assert.equal(forgotten.keeps(clean('p-gone', FORGOTTEN_AT + 1)), true, 'new activity after the request');
  assert.equal(forgotten.keeps(clean('p-other', FORGOTTEN_AT - 1)), true);
  assert.equal(forgotten.keeps(clean('p-gone', undefined)), false, 'without a receive time: occurred before');
});

test('asking again later moves the cut-off forward; an older announcement read after it does not move it back', () => {
  const forgotten = new ForgottenUsers();
  forgotten.forget(['p-gone'], new Date(FORGOTTEN_AT));
  forgotten.forget(['p-gone'], new Date(FORGOTTEN_AT + 60_000));
  forgotten.forget(['p-gone', ''], new Date(FORGOTTEN_AT - 60_000));
  assert.equal(forgotten.keeps(clean('p-gone', FORGOTTEN_AT + 30_000)), false);
  assert.equal(forgotten.size, 1, 'empty ids are ignored');
});
