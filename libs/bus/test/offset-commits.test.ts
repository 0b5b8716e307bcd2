import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { type EachBatchPayload, KafkaJSRequestTimeoutError } from 'kafkajs';
import { Registry } from 'prom-client';
import { KafkaSubscription } from '../src/kafka-subscription.js';
import { fakeConsumerEvents, fakeSubscriptionDeps, undecodableBatch } from './fake-subscription.js';
import { deferredCommits, keepAlive, rejoined, settle, timedOut } from './deferred-commits-fixture.js';
import { delay, eventually, testTopic } from './support.js';

const topic = testTopic('offset-commits.unit.v1');

test('while commits fail, a partition takes no batch past its cap of records handled but not committed', async () => {
  const { requests, release, commits, acknowledged } = deferredCommits({ cap: 10, backoffMs: 5 });
  await acknowledged(0, 0, 9); // at the cap: taken
  release(timedOut());
  let taken = false;
  const next = commits
    .handled({ partition: 0, firstOffset: '10', lastOffset: '19', records: 10, ack: Promise.resolve() }, keepAlive)
    .then(() => (taken = true));
  await eventually('the commit retried', async () => (requests.length === 2 ? true : undefined));
  await delay(20);
  assert.equal(taken, false, 'acknowledged at once, but nothing committed: the batch waits');
  release();
  await next;
  assert.equal(taken, true, 'a commit went out: the partition is under its cap again');
});

test('a commit kafkajs skipped (its runner crashed meanwhile) does not hide the records read again', async () => {
  const { requests, skip, release, commits, acknowledged } = deferredCommits();
  await acknowledged(0, 0, 9);
  await rejoined(commits, new Set()); // the crash
  skip(); // commitOffsets resolves without a request when the runner is not running
  await rejoined(commits, new Set([0]));
  await acknowledged(0, 0, 9); // read again from the last commit
  await eventually('committed again', async () => (requests.length === 2 ? true : undefined));
  assert.deepEqual(requests[1], [{ topic: 't', partition: 0, offset: '10' }]);
  release();
  await settle();
});

type Commit = 'sent' | 'skipped' | 'timed out';

/** A subscription over a fake consumer whose commits go as `outcomes` say; COMMIT_OFFSETS only for those sent. */
function subscriptionCounting(deferred: boolean, outcomes: Commit[]) {
  const emitter = new EventEmitter();
  const events = fakeConsumerEvents;
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const commit = async () => {
    const outcome = outcomes.shift() ?? 'sent';
    if (outcome === 'timed out') throw new KafkaJSRequestTimeoutError('Request OffsetCommit timed out');
    if (outcome === 'sent') emitter.emit(events.COMMIT_OFFSETS, { payload: {} });
  };
  const consumer = {
    events,
    on: (name: string, listener: (event: unknown) => void) => emitter.on(name, listener),
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (config: { eachBatch: typeof eachBatch }) => {
      eachBatch = config.eachBatch;
      emitter.emit(events.GROUP_JOIN, { payload: { memberId: 'm1', memberAssignment: { [topic.name]: [0] } } });
    },
    disconnect: async () => undefined,
    commitOffsets: commit,
    seek: () => undefined,
  };
  const registry = new Registry();
  const subscription = new KafkaSubscription(
    { groupId: 'g', topic, handle: async () => undefined, ...(deferred ? { deferredCommit: {} } : {}) },
    fakeSubscriptionDeps(consumer, registry),
  );
  /** One undecodable record at `offset` of partition 0: dead-lettered, then committed. */
  const fetched = (offset: string) => eachBatch!(undecodableBatch(topic.name, 0, offset, commit));
  const counted = async () => (await registry.getSingleMetric('bus_offset_commits_total')!.get()).values[0]?.value ?? 0;
  return { subscription, fetched, counted, outcomes };
}

test('bus_offset_commits_total counts deferred commits the broker accepted: not the timed-out or skipped', async () => {
  const { subscription, fetched, counted, outcomes } = subscriptionCounting(true, ['timed out', 'skipped', 'sent']);
  await subscription.start();
  await fetched('0');
  await eventually('the commit retried', async () => (outcomes.length === 1 ? true : undefined));
  assert.equal(await counted(), 0, 'a timed-out and a skipped commit are not counted');
  await eventually('the commit sent', async () => (outcomes.length === 0 ? true : undefined));
  assert.equal(await counted(), 1);
  await subscription.stop();
});

test('without deferred commits bus_offset_commits_total rises once a batch', async () => {
  const { subscription, fetched, counted } = subscriptionCounting(false, []);
  await subscription.start();
  await fetched('0');
  assert.equal(await counted(), 1);
  await fetched('1');
  assert.equal(await counted(), 2);
  await subscription.stop();
});
