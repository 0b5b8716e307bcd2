import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { createBusMetrics } from '../src/bus.metrics.js';
import { KafkaSubscription } from '../src/kafka-subscription.js';
import { recordingLogger, testTopic } from './support.js';

const topic = testTopic('assignments.unit.v1');

/**
 * A subscription over a fake kafkajs consumer: the test emits the consumer's instrumentation events
 * (group joins, crashes) and reads what the subscription reported as held after each.
 */
function subscriptionOverFakeConsumer(options: { deferredCommit?: boolean } = {}) {
  const emitter = new EventEmitter();
  const events = { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash', REBALANCING: 'consumer.rebalancing' };
  const consumer = {
    events,
    on(name: string, listener: (event: unknown) => void) {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },
  };
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
  return { subscription, reports, logger, join, crash, emitter, events };
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
  const { subscription, reports, join, crash } = subscriptionOverFakeConsumer();
  join('m1', [2]);
  crash(false);
  assert.deepEqual(reports, [[2], []]);
  assert.equal(subscription.isHealthy(), false);
});
