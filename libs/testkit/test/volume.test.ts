import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createShop } from '../src/index.js';

test('a hundred thousand events stream without holding them', () => {
  const run = createShop({ seed: 77, users: 3000, items: 800 }).generateEvents({ maxEvents: 100_000 });
  let count = 0;
  let last = 0;
  for (const event of run) {
    count++;
    last = event.occurredAt!.getTime();
  }
  assert.equal(count, 100_000);
  assert.equal(run.truth.counts.events, 100_000);
  assert.ok(last > 0 && run.truth.days.length > 1);
});
