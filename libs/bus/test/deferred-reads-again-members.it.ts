import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Event } from '@demand/contracts';
import type { ConsumedRecord, EventBus } from '../src/index.js';
import { startKafkaFixture } from './kafka-fixture.js';
import { delay, eventually, testTopic, viewEvent } from './support.js';

test('a record whose acknowledgement keeps failing is never committed past, while a second member joins', async () => {
  const topic = testTopic('it.deferred-reads-again-members.v1', 2);
  const local = await startKafkaFixture([topic], 1);
  const group = 'reads-again-members';
  let failing = true;
  let poison: { partition: number; offset: number } | undefined;
  let readingsOfPoison = 0;
  const durable = new Set<string>();
  /** Per partition: the offset after the last record read. */
  const ends = new Map<number, number>();
  // Like the store refusing an insert: every member's acknowledgement of the poison record fails.
  const handle = async (batch: ConsumedRecord<Event>[]) => {
    for (const { partition, offset } of batch)
      ends.set(partition, Math.max(ends.get(partition) ?? 0, Number(offset) + 1));
    const bad = batch.find((record) => record.value.eventId === 'poison');
    if (bad) {
      poison = { partition: bad.partition, offset: Number(bad.offset) };
      readingsOfPoison += 1;
    }
    if (bad && failing) return { rejected: [], durable: Promise.reject(new Error('insert refused')) };
    for (const record of batch) durable.add(record.value.eventId);
    return { rejected: [], durable: Promise.resolve() };
  };
  const subscribe = (bus: EventBus) =>
    bus.subscribe({
      groupId: group,
      topic,
      fromBeginning: true,
      deferredCommit: {},
      retry: { initialDelayMs: 200, maxDelayMs: 400 },
      handle,
    });
  const first = local.newBus();
  const second = local.newBus();
  try {
    // One user's records share a partition: the poison one sits between others there.
    const events = [
      ...Array.from({ length: 5 }, (_, i) => viewEvent(`before${i}`, 'user-a')),
      viewEvent('poison', 'user-a'),
      ...Array.from({ length: 5 }, (_, i) => viewEvent(`after${i}`, 'user-a')),
      ...Array.from({ length: 10 }, (_, i) => viewEvent(`other${i}`, `user-${i}`)),
    ];
    for (const event of events) await first.publish(topic, [event]); // one record each
    await subscribe(first);
    await eventually('the poison record read again', () => (readingsOfPoison >= 2 ? true : undefined), 30_000);
    let highest = -1;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        highest = Math.max(highest, await local.committedOffset(group, topic.name, poison!.partition));
        await delay(50);
      }
    })();
    await subscribe(second); // joins during the backoff: the group rebalances
    const readingsBefore = readingsOfPoison;
    await eventually(
      'read again after the rebalance',
      () => (readingsOfPoison >= readingsBefore + 3 ? true : undefined),
      30_000,
    );
    sampling = false;
    await sampler;
    assert.ok(highest <= poison!.offset, `committed ${highest}, past the poison record at ${poison!.offset}`);

    failing = false;
    await eventually(
      'everything committed once the acknowledgement succeeds',
      async () => {
        const end = [...ends.values()].reduce((sum, offset) => sum + offset, 0);
        return durable.size === events.length && (await local.committedOffset(group, topic.name)) === end
          ? true
          : undefined;
      },
      30_000,
    );
    assert.equal(durable.size, events.length);
  } finally {
    await first.close();
    await second.close();
    await local.close();
  }
});

test('a batch fetched before a failed acknowledgement sought its partition back commits nothing past it', async () => {
  const topic = testTopic('it.deferred-stale-batch.v1', 1);
  const local = await startKafkaFixture([topic], 1);
  const group = 'stale-batch';
  const bus = local.newBus();
  let failing = true;
  let secondHandled = false;
  try {
    await bus.publish(topic, [viewEvent('first')]);
    await bus.subscribe({
      groupId: group,
      topic,
      fromBeginning: true,
      deferredCommit: {},
      retry: { initialDelayMs: 2000, maxDelayMs: 2000 },
      handle: async (batch) => {
        if (batch[0]?.value.eventId === 'first') {
          if (!secondHandled) void bus.publish(topic, [viewEvent('second')]); // fetched in the next batch
          // The insert holding it fails a while after the handler returned, like the aggregator's.
          if (!failing) return { rejected: [], durable: Promise.resolve() };
          return { rejected: [], durable: delay(500).then(() => Promise.reject(new Error('insert refused'))) };
        }
        await delay(1000); // still handling the next batch when that insert fails and the seek comes
        secondHandled = true;
        return { rejected: [], durable: Promise.resolve() };
      },
    });
    await eventually('the batch fetched before the seek handled', () => (secondHandled ? true : undefined), 30_000);
    await delay(300);
    assert.equal(await local.committedOffset(group, topic.name), 0, 'committed past a record not durable');
    failing = false;
    await eventually(
      'committed once read again and durable',
      async () => ((await local.committedOffset(group, topic.name)) === 2 ? true : undefined),
      30_000,
    );
  } finally {
    await bus.close();
    await local.close();
  }
});
