import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// kafkajs as patches/kafkajs@2.2.4.patch leaves it: every process's clients, the services' and the tests' alike.

const require = createRequire(import.meta.url);

interface RequestQueueLike {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(ms: number): void;
  destroy(): void;
}
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => RequestQueueLike;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const queue = () =>
  new RequestQueue({ maxInFlightRequests: null, requestTimeout: 30_000, clientId: 't', broker: 'b', logger: quiet });

// Unpatched kafkajs asks for a timeout of -1 - now ms, which Node runs as 1 ms, for ever.
test('after a response with nothing pending, no check is scheduled', () => {
  const q = queue();
  try {
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    assert.equal(q.throttleCheckTimeoutId, null);
  } finally {
    q.destroy();
  }
});

test('a throttled queue or a waiting request still gets its check', () => {
  const throttled = queue();
  const waiting = queue();
  try {
    throttled.maybeThrottle(60_000);
    throttled.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    assert.notEqual(throttled.throttleCheckTimeoutId, null);
    waiting.throttledUntil = Date.now() + 60_000; // keeps the request waiting, not sent
    waiting.pending.push({});
    waiting.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    assert.notEqual(waiting.throttleCheckTimeoutId, null);
  } finally {
    throttled.destroy();
    waiting.destroy();
  }
});
