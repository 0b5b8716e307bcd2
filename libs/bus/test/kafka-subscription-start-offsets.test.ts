import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { EachBatchPayload } from 'kafkajs';
import { KafkaSubscription } from '../src/kafka-subscription.js';
import { fakeConsumerEvents, fakeSubscriptionDeps } from './fake-subscription.js';
import { testTopic } from './support.js';

const topic = testTopic('start-offsets.unit.v1');

test('start offsets are sought on every join, a rejoin after a crash too, until the member commits there', async () => {
  const emitter = new EventEmitter();
  const events = fakeConsumerEvents;
  const sought: string[] = [];
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const consumer = {
    events,
    on: (name: string, listener: (event: unknown) => void) => emitter.on(name, listener),
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (config: { eachBatch: typeof eachBatch }) => void (eachBatch = config.eachBatch),
    seek: ({ partition, offset }: { partition: number; offset: string }) => void sought.push(`${partition}@${offset}`),
  };
  const subscription = new KafkaSubscription(
    {
      groupId: 'g',
      topic,
      fromBeginning: true,
      startOffsets: [
        { partition: 0, offset: '3' },
        { partition: 1, offset: '7' },
      ],
      handle: async () => undefined,
    },
    fakeSubscriptionDeps(consumer),
  );
  const join = (memberId: string) =>
    emitter.emit(events.GROUP_JOIN, { payload: { memberId, memberAssignment: { [topic.name]: [0, 1] } } });
  const started = subscription.start();
  await Promise.resolve(); // let start() reach run()
  join('m1');
  await started;
  assert.deepEqual(sought.splice(0), ['0@3', '1@7']);

  emitter.emit(events.CRASH, { payload: { error: new Error('broker gone'), restart: true } });
  join('m2');
  assert.deepEqual(sought.splice(0), ['0@3', '1@7'], 'nothing committed yet: the rejoin starts there again');

  // A batch of partition 0 handled and committed (its one record cannot be decoded: dead-lettered).
  const committed: unknown[] = [];
  const message = { offset: '3', key: null, value: Buffer.from([0xff, 0xff]), headers: {}, timestamp: '0' };
  await eachBatch!({
    batch: {
      topic: topic.name,
      partition: 0,
      messages: [message],
      isEmpty: () => false,
      firstOffset: () => '3',
      lastOffset: () => '3',
    },
    resolveOffset: () => undefined,
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
    commitOffsetsIfNecessary: async (offsets: unknown) => void committed.push(offsets),
  } as unknown as EachBatchPayload);
  assert.equal(committed.length, 1);
  join('m3');
  assert.deepEqual(sought, ['1@7'], 'partition 0 resumes where the member committed');
});
