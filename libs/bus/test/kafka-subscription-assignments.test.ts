import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { KafkaJSRequestTimeoutError, type EachBatchPayload, type Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { createBusMetrics } from '../src/bus.metrics.js';
import { KafkaSubscription } from '../src/kafka-subscription.js';
import { fakeConsumerEvents, undecodableBatch } from './fake-subscription.js';
import { eventually, recordingLogger, testTopic } from './support.js';

const topic = testTopic('assignments.unit.v1');

/**
 * A subscription over a fake kafkajs consumer: the test emits the consumer's instrumentation events
 * (group joins, crashes) and reads what the subscription reported as held after each.
 */
function subscriptionOverFakeConsumer(options: { deferredCommit?: boolean } = {}) {
  const emitter = new EventEmitter();
  const events = fakeConsumerEvents;
  /** Calls made to the consumer: each `run` joins the group under a new member id. */
  const calls: string[] = [];
  let refusedConnects = 0;
  let failedJoins = 0;
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const consumer = {
    events,
    on(name: string, listener: (event: unknown) => void) {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },
    connect: async () => {
      calls.push('connect');
      if (refusedConnects-- > 0) throw new Error('SASL authentication failed: invalid credentials');
    },
    subscribe: async () => void calls.push('subscribe'),
    run: async (config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
      eachBatch = config.eachBatch;
      calls.push('run');
      // A join that fails with an error kafkajs retries: it reports a crash it will restart itself.
      if (failedJoins-- > 0) crash(true);
      else join(`m${calls.length}`, [0]);
    },
    disconnect: async () => void calls.push('disconnect'),
    commitOffsets: async () => {
      throw new KafkaJSRequestTimeoutError('Request OffsetCommit(key: 8, version: 5) timed out');
    },
    seek: () => undefined,
  };
  /** Hands the subscription a batch of one record it cannot decode (dead-lettered, then committed). */
  const fetched = (partition: number, offset: string) => eachBatch!(undecodableBatch(topic.name, partition, offset));
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  const reports: number[][] = [];
  const logger = recordingLogger();
  const subscription = new KafkaSubscription(
    {
      groupId: 'g',
      topic,
      handle: async () => undefined,
      ...(options.deferredCommit ? { deferredCommit: { flush: () => undefined } } : {}),
    },
    {
      kafka,
      logger,
      metrics: createBusMetrics(new Registry()),
      tuning: {},
      deadLetter: async () => undefined,
      onAssigned: (partitions) => void reports.push([...partitions]),
      onConnected: () => undefined,
      onStopped: () => undefined,
    },
  );
  const join = (memberId: string, partitions: number[], otherTopic: number[] = []) =>
    emitter.emit(events.GROUP_JOIN, {
      payload: { memberId, memberAssignment: { [topic.name]: partitions, 'other.v1': otherTopic } },
    });
  const crash = (restart: boolean) =>
    emitter.emit(events.CRASH, { payload: { error: new Error('broker gone'), restart } });
  const refuseConnects = (count: number) => {
    refusedConnects = count;
  };
  const failJoins = (count: number) => {
    failedJoins = count;
  };
  return { subscription, reports, logger, join, crash, emitter, events, calls, refuseConnects, failJoins, fetched };
}

test('joins under the same member id report only what this member now holds of its topic', () => {
  const { reports, join } = subscriptionOverFakeConsumer();
  join('m1', [0, 1, 2]);
  join('m1', [1], [0]);
  join('m1', [], [0, 1]);
  join('m1', [1, 2]);
  assert.deepEqual(reports, [[0, 1, 2], [1], [], [1, 2]]);
});

test('a join under a new member id first reports no partitions held: getting them back is a gain', () => {
  const { reports, join } = subscriptionOverFakeConsumer();
  join('m1', [0, 1]);
  join('m2', [0, 1]); // the session lapsed: another member may have held 0 and 1 in between
  assert.deepEqual(reports, [[0, 1], [], [0, 1]]);
});

test.each([
  { kind: 'plain', deferredCommit: false },
  { kind: 'deferred-commit', deferredCommit: true },
])(
  '$kind: a crash reports no partitions held at once, once, and the rejoin the new assignment',
  ({ deferredCommit }) => {
    const { subscription, reports, logger, join, crash, emitter, events } = subscriptionOverFakeConsumer({
      deferredCommit,
    });
    assert.equal(emitter.listenerCount(events.GROUP_JOIN), 1, 'one join listener');
    join('m1', [0, 1]);
    crash(true);
    assert.deepEqual(reports, [[0, 1], []], 'nothing held from the crash on, before any rejoin');
    assert.equal(subscription.isHealthy(), true, 'kafkajs restarts the consumer');
    join('m2', [0, 1]);
    assert.deepEqual(reports, [[0, 1], [], [0, 1]], 'the rejoin under a new member id does not report nothing again');
    join('m3', [1]);
    assert.deepEqual(reports.slice(3), [[], [1]], 'a later new member id without a crash still does');
    assert.equal(logger.lines.filter((l) => l.message === 'consumer crashed').length, 1);
  },
);

test('a crash for good reports no partitions held and the subscription unhealthy', () => {
  const { subscription, reports, join, crash, logger } = subscriptionOverFakeConsumer();
  join('m1', [2]);
  crash(false);
  assert.deepEqual(reports, [[2], []]);
  assert.equal(subscription.isHealthy(), false);
  assert.equal(
    logger.lines.some((l) => l.message === 'restarting the consumer'),
    false,
    'not before a start',
  );
});

test('a crash for good after the start reconnects and runs the consumer again, with back-off, until it joins', async () => {
  const { subscription, logger, crash, calls } = subscriptionOverFakeConsumer();
  await subscription.start();
  assert.deepEqual(calls, ['connect', 'subscribe', 'run']);
  crash(true);
  assert.equal(calls.length, 3, 'kafkajs restarts this one itself');
  crash(false);
  assert.equal(subscription.isHealthy(), false, 'unhealthy until it has joined again');
  await eventually('rejoined', () => (subscription.isHealthy() ? true : undefined), 10_000);
  assert.deepEqual(calls.slice(3), ['connect', 'run'], 'the subscription stays; no second subscribe');
  assert.deepEqual(
    logger.lines.filter((l) => l.message === 'restarting the consumer').map((l) => l.fields.failures),
    [1],
  );
  await subscription.stop();
});

test('a refused restart is tried again after a longer wait', async () => {
  const { subscription, logger, crash, calls, refuseConnects } = subscriptionOverFakeConsumer();
  await subscription.start();
  refuseConnects(1);
  crash(false);
  await eventually('rejoined', () => (subscription.isHealthy() ? true : undefined), 10_000);
  assert.deepEqual(calls.slice(3), ['connect', 'connect', 'run']);
  assert.deepEqual(
    logger.lines.filter((l) => l.message === 'restarting the consumer').map((l) => l.fields.failures),
    [1, 2],
  );
  assert.equal(logger.lines.filter((l) => l.message === 'cannot restart the consumer').length, 1);
  await subscription.stop();
});

test('stopping ends a restart wait at once and no crash is restarted from then on', async () => {
  const { subscription, logger, crash, calls } = subscriptionOverFakeConsumer();
  await subscription.start();
  crash(false);
  const stopping = Date.now();
  await subscription.stop();
  assert.ok(Date.now() - stopping < 500, 'the back-off wait does not hold the stop');
  crash(false);
  assert.deepEqual(calls.slice(3), ['disconnect'], 'no connect after the stop');
  assert.equal(logger.lines.filter((l) => l.message === 'restarting the consumer').length, 1);
});

test('a restart whose join fails retriably stays unhealthy until a join (kafkajs restarts that one)', async () => {
  const { subscription, crash, calls, failJoins, join } = subscriptionOverFakeConsumer();
  await subscription.start();
  failJoins(1);
  crash(false);
  await eventually('run again', () => (calls.length >= 5 ? true : undefined), 10_000);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(calls.slice(3), ['connect', 'run'], 'no second runner beside kafkajs’s own restart');
  assert.equal(subscription.isHealthy(), false, 'not healthy before the member is back in its group');
  join('m-back', [0]);
  assert.equal(subscription.isHealthy(), true);
  await subscription.stop();
});

test('deferred commits failing five times in a row make the subscription unhealthy', async () => {
  const { subscription, logger, fetched } = subscriptionOverFakeConsumer({ deferredCommit: true });
  await subscription.start();
  await fetched(0, '0');
  assert.equal(subscription.isHealthy(), true);
  // The production backoff: 200, 400, 800 and 1600 ms (up to 20% shorter) before the fifth failure.
  await eventually('unhealthy', () => (subscription.isHealthy() ? undefined : true), 4000);
  await subscription.stop();
  assert.ok(logger.lines.filter(({ message }) => message?.startsWith('deferred commit failed')).length >= 5);
}, 10_000);
