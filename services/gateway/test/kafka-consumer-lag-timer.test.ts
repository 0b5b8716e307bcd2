import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from '@jest/globals';
import { createLogger } from '@demand/telemetry';
import { KafkaConsumerLag } from '../src/adapters/kafka-consumer-lag.adapter.js';

const logger = createLogger({ service: 'gateway', level: 'warn', destination: process.stderr as never });
const require = createRequire(import.meta.url);

interface RequestQueueLike {
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  destroy(): void;
}

test("the lag reader's connections do not run kafkajs' endless 1 ms pending check (no bus patches it here)", () => {
  new KafkaConsumerLag({ brokers: ['127.0.0.1:9'], ssl: false }, logger);
  const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => RequestQueueLike;
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const queue = new RequestQueue({ requestTimeout: 30_000, clientId: 'gateway', broker: 'b', logger: quiet });
  try {
    queue.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    assert.equal(queue.throttleCheckTimeoutId, null);
  } finally {
    queue.destroy();
  }
});
