import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Metadata, status } from '@grpc/grpc-js';
import { retryAfterMsOf, withPushback } from '../src/index.js';

function refusal(code: status, retryAfterMs?: number) {
  const metadata = new Metadata();
  if (retryAfterMs !== undefined) metadata.set('retry-after-ms', String(retryAfterMs));
  return Object.assign(new Error('refused'), { code, details: 'refused', metadata });
}

test('a refusal with a hint is sent again after the pause; the answer that follows is returned', async () => {
  let calls = 0;
  const started = Date.now();
  const answer = await withPushback(async () => {
    calls++;
    if (calls < 3) throw refusal(status.UNAVAILABLE, 40);
    return 'taken';
  });
  assert.equal(answer, 'taken');
  assert.equal(calls, 3);
  assert.ok(Date.now() - started >= 80, 'waited the pause each time');
});

test('errors without a hint, other codes and waits past the limit are thrown at once', async () => {
  for (const error of [refusal(status.UNAVAILABLE), refusal(status.INVALID_ARGUMENT, 10)]) {
    let calls = 0;
    await assert.rejects(
      withPushback(async () => {
        calls++;
        throw error;
      }),
      (e) => e === error,
    );
    assert.equal(calls, 1);
  }
  await assert.rejects(
    withPushback(async () => {
      throw refusal(status.UNAVAILABLE, 5_000);
    }, 1_000),
    /refused/,
  );
  assert.equal(retryAfterMsOf(refusal(status.UNAVAILABLE, 750)), 750);
  assert.equal(retryAfterMsOf(new Error('plain')), undefined);
});
