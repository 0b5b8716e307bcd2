import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { EventBus, FollowSpec } from '@demand/bus';
import { ForgottenUsers, followForgets } from '../src/index.js';

const FORGOTTEN_AT = Date.parse('2026-12-01T12:00:00Z');

test('records a forgotten user wrote before the request are dropped; later ones, and other users, are kept', () => {
  const forgotten = new ForgottenUsers();
  assert.equal(forgotten.keeps('p-gone', FORGOTTEN_AT - 1), true, 'nobody forgotten yet');
  forgotten.forget(['p-gone'], new Date(FORGOTTEN_AT));
  assert.equal(forgotten.keeps('p-gone', FORGOTTEN_AT - 1), false);
  assert.equal(forgotten.keeps('p-gone', FORGOTTEN_AT), false);
  assert.equal(forgotten.keeps('p-gone', FORGOTTEN_AT + 1), true, 'new activity after the request');
  assert.equal(forgotten.keeps('p-gone', undefined), false, 'a forgotten user with no known time is dropped');
  assert.equal(forgotten.keeps('p-other', FORGOTTEN_AT - 1), true);
  assert.equal(forgotten.keeps('', FORGOTTEN_AT - 1), true, 'catalog texts have no user');
});

test('asking again later moves the cut-off forward; an older announcement read after it does not move it back', () => {
  const forgotten = new ForgottenUsers();
  forgotten.forget(['p-gone'], new Date(FORGOTTEN_AT));
  forgotten.forget(['p-gone'], new Date(FORGOTTEN_AT + 60_000));
  forgotten.forget(['p-gone', ''], new Date(FORGOTTEN_AT - 60_000));
  assert.equal(forgotten.keeps('p-gone', FORGOTTEN_AT + 30_000), false);
  assert.equal(forgotten.size, 1, 'empty ids are ignored');
});

test('followForgets tells onForget each request’s ids as it reads them, and keeps them forgotten', async () => {
  const records = [
    { storedIds: ['p-a', 'p-b'], requestedAt: new Date(FORGOTTEN_AT) },
    { storedIds: ['p-c'], requestedAt: undefined },
  ];
  const bus = {
    follow: async (spec: FollowSpec<(typeof records)[number]>) => {
      await spec.handle(
        records.map((value, i) => ({ value, key: null, headers: {}, partition: 0, offset: `${i}`, timestamp: 5 })),
      );
      return { groupId: `${spec.groupPrefix}-x`, topic: spec.topic.name, stop: async () => undefined };
    },
  } as unknown as EventBus;
  const told: string[][] = [];
  const users = new ForgottenUsers();
  await followForgets(bus, 'test', users, (ids) => told.push([...ids]));
  assert.deepEqual(told, [['p-a', 'p-b'], ['p-c']]);
  assert.equal(users.keeps('p-b', FORGOTTEN_AT), false);
  assert.equal(users.keeps('p-c', 5), false, 'the record’s time when the request has none');
  assert.equal(users.keeps('p-c', 6), true);
});
