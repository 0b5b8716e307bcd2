import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { backoffDelayMs, defaultRetryPolicy, resolveRetryPolicy } from '../src/backoff.js';

const policy = { initialDelayMs: 100, maxDelayMs: 1000 };
const noJitter = () => 0;

test('doubles from the initial delay and stops at the cap', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, noJitter)),
    [100, 200, 400, 800, 1000, 1000],
  );
  assert.equal(backoffDelayMs(10_000, policy, noJitter), 1000, 'huge attempt counts do not overflow');
  assert.equal(backoffDelayMs(0, policy, noJitter), 100);
});

test('jitter only shortens, by at most a fifth', () => {
  assert.equal(
    backoffDelayMs(3, policy, () => 0.999999),
    320,
  );
  assert.equal(
    backoffDelayMs(3, policy, () => 0.5),
    360,
  );
  for (let i = 0; i < 50; i++) {
    const delay = backoffDelayMs(2, policy);
    assert.ok(delay >= 160 && delay <= 200, `${delay} within [160, 200]`);
  }
});

test('a retry policy fills defaults and rejects nonsense, listing every problem', () => {
  assert.deepEqual(resolveRetryPolicy(), defaultRetryPolicy);
  assert.deepEqual(resolveRetryPolicy({ attemptsBeforeIsolation: 1 }), {
    ...defaultRetryPolicy,
    attemptsBeforeIsolation: 1,
  });
  assert.throws(
    () => resolveRetryPolicy({ initialDelayMs: 500, maxDelayMs: 100, attemptsBeforeIsolation: 0 }),
    (error: Error) => /maxDelayMs/.test(error.message) && /attemptsBeforeIsolation/.test(error.message),
  );
  assert.throws(() => resolveRetryPolicy({ initialDelayMs: Number.NaN }), /initialDelayMs/);
});

test('with deferredCommit a retry policy whose first delay could loop hot is refused at subscribe time', () => {
  assert.deepEqual(resolveRetryPolicy({ initialDelayMs: 0 }), { ...defaultRetryPolicy, initialDelayMs: 0 });
  assert.throws(
    () => resolveRetryPolicy({ initialDelayMs: 0 }, { deferredCommit: true }),
    /initialDelayMs must be >= 10 with deferredCommit \(got 0\)/,
  );
  assert.equal(resolveRetryPolicy({ initialDelayMs: 10 }, { deferredCommit: true }).initialDelayMs, 10);
});
