import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { Event } from '@demand/contracts';
import type { ConsumedRecord } from '../src/index.js';
import { startKafkaFixture, type KafkaFixture } from './kafka-fixture.js';
import { delay, eventually, testTopic, viewEvent } from './support.js';

const gathered = testTopic('it.deferred.v1', 2);
let fixture: KafkaFixture;

beforeAll(async () => {
  fixture = await startKafkaFixture([gathered]);
});

afterAll(() => fixture.close());

/** A gatherer like the aggregator's: holds records across batches until flushed, acknowledges them then. */
function gatherer() {
  let held: { records: ConsumedRecord<Event>[]; resolve: () => void }[] = [];
  const durable: string[] = [];
  return {
    durable,
    heldRecords: () => held.reduce((n, h) => n + h.records.length, 0),
    handle: async (batch: ConsumedRecord<Event>[]) => {
      let resolve!: () => void;
      const ack = new Promise<void>((r) => (resolve = r));
      held.push({ records: batch, resolve });
      return { rejected: [], durable: ack };
    },
    flush: () => {
      for (const h of held) {
        durable.push(...h.records.map((r) => r.value.eventId));
        h.resolve();
      }
      held = [];
    },
  };
}

const committed = async () =>
  (await fixture.committedOffset('deferred', gathered.name, 0)) +
  (await fixture.committedOffset('deferred', gathered.name, 1));

test('offsets are committed only once the handler acknowledges, caps unacknowledged records, and stop flushes', async () => {
  const bus = fixture.newBus();
  const ids = Array.from({ length: 40 }, (_, i) => `d${i}`);
  await bus.publish(
    gathered,
    ids.map((id) => viewEvent(id)),
  );
  const g = gatherer();
  const subscription = await bus.subscribe({
    groupId: 'deferred',
    topic: gathered,
    fromBeginning: true,
    deferredCommit: { maxUnacknowledgedPerPartition: 5, flush: g.flush },
    handle: g.handle,
  });

  await eventually('records held', () => (g.heldRecords() > 0 ? true : undefined));
  await delay(500);
  assert.equal(await committed(), 0, 'nothing committed before the acknowledgement');
  assert.ok(g.heldRecords() < 40, `the cap holds back further batches (held ${g.heldRecords()})`);

  g.flush();
  await eventually('more records after acknowledging', () => (g.heldRecords() > 0 ? true : undefined));
  assert.ok((await eventually('a commit', async () => ((await committed()) > 0 ? true : undefined))) === true);

  await subscription.stop();
  assert.equal(g.heldRecords(), 0, 'stop flushed what was held');
  assert.equal(await committed(), g.durable.length, 'every durable record and nothing else is committed');
  assert.deepEqual(new Set(g.durable).size, g.durable.length, 'each record once');
  await bus.close();
});

test('a rejected acknowledgement makes the partition read again from the first record it covered', async () => {
  const topic = testTopic('it.deferred-retry.v1', 1);
  const local = await startKafkaFixture([topic], 1);
  try {
    const bus = local.newBus();
    await bus.publish(
      topic,
      ['r0', 'r1', 'r2'].map((id) => viewEvent(id)),
    );
    const seen: string[] = [];
    let first = true;
    await bus.subscribe({
      groupId: 'retry',
      topic,
      fromBeginning: true,
      deferredCommit: {},
      handle: async (batch) => {
        seen.push(...batch.map((r) => r.value.eventId));
        const fail = first;
        first = false;
        return { rejected: [], durable: fail ? Promise.reject(new Error('insert failed')) : Promise.resolve() };
      },
    });
    await eventually('committed after the second reading', async () =>
      (await local.committedOffset('retry', topic.name)) === 3 ? true : undefined,
    );
    assert.deepEqual(seen.slice(0, 3), ['r0', 'r1', 'r2']);
    assert.ok(seen.length >= 6 && seen.slice(-3).join() === 'r0,r1,r2', `read again: ${seen.join()}`);
    await bus.close();
  } finally {
    await local.close();
  }
});

test('an acknowledgement that keeps failing is read again after a backoff, unhealthy, then committed', async () => {
  const topic = testTopic('it.deferred-backoff.v1', 1);
  const local = await startKafkaFixture([topic], 1);
  try {
    const bus = local.newBus();
    await bus.publish(topic, [viewEvent('r0'), viewEvent('r1')]);
    const reads: number[] = [];
    let failing = true;
    await bus.subscribe({
      groupId: 'backoff',
      topic,
      fromBeginning: true,
      deferredCommit: {},
      retry: { initialDelayMs: 100, maxDelayMs: 400 },
      handle: async (batch) => {
        if (batch[0]?.offset === '0') reads.push(performance.now());
        const durable = failing ? Promise.reject(new Error('Too many partitions for single INSERT block')) : undefined;
        return { rejected: [], durable: durable ?? Promise.resolve() };
      },
    });
    await eventually('unhealthy after 5 failed acknowledgements in a row', async () =>
      bus.isHealthy() ? undefined : true,
    );
    const window = performance.now() - reads[0]!;
    // 100, 200, 400, 400 ms (up to 20% shorter) between the first five readings: without a backoff, hundreds.
    assert.ok(reads.length >= 5 && reads.length <= 8, `${reads.length} readings in ${Math.round(window)} ms`);
    assert.ok(window >= 0.8 * 1100, `${reads.length} readings in ${Math.round(window)} ms`);
    assert.equal(await local.committedOffset('backoff', topic.name), 0, 'nothing committed meanwhile');
    failing = false;
    await eventually('committed once the acknowledgement succeeds', async () =>
      (await local.committedOffset('backoff', topic.name)) === 2 ? true : undefined,
    );
    assert.equal(bus.isHealthy(), true);
    await bus.close();
  } finally {
    await local.close();
  }
});

test('a rebalance asks the handler side to flush; every record ends durable and committed with two members', async () => {
  const topic = testTopic('it.deferred-rebalance.v1', 4);
  const local = await startKafkaFixture([topic], 1);
  try {
    const first = local.newBus();
    const second = local.newBus();
    await first.publish(
      topic,
      Array.from({ length: 40 }, (_, i) => viewEvent(`rb${i}`, `user-${i}`)),
    );
    const a = gatherer();
    let flushesA = 0;
    await first.subscribe({
      groupId: 'rebalance',
      topic,
      fromBeginning: true,
      deferredCommit: {
        flush: () => {
          flushesA += 1;
          a.flush();
        },
      },
      handle: a.handle,
    });
    await eventually('first member holds records', () => (a.heldRecords() === 40 ? true : undefined));
    const b = gatherer();
    await second.subscribe({
      groupId: 'rebalance',
      topic,
      fromBeginning: true,
      deferredCommit: { flush: b.flush },
      handle: b.handle,
    });
    await eventually('the rebalance made the first member flush', () => (flushesA > 0 ? true : undefined), 30_000);
    const committed = async () => {
      let n = 0;
      for (let p = 0; p < 4; p++) n += Math.max(0, await local.committedOffset('rebalance', topic.name, p));
      return n;
    };
    // Commits refused while the group rebalanced are made again once it settled; the second
    // member acknowledges what it read again of the partitions it took over.
    await eventually(
      'every offset committed by one member or the other',
      async () => {
        a.flush();
        b.flush();
        return (await committed()) === 40 ? true : undefined;
      },
      30_000,
    );
    const durable = new Set([...a.durable, ...b.durable]);
    assert.equal(durable.size, 40, 'every record durable at least once');
    await first.close();
    await second.close();
    assert.equal(await committed(), 40);
  } finally {
    await local.close();
  }
});
