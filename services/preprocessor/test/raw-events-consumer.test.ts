import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import type { CleanEvent, CleanText, Event, ItemUpsert } from '@demand/contracts';
import type { ConsumedRecord } from '@demand/bus';
import { RawEventsConsumer } from '../src/consumers/raw-events.consumer.js';
import { PreprocessMetrics } from '../src/consumers/preprocess.metrics.js';
import { Preprocessor } from '../src/domain/preprocessor.js';
import type { CatalogFeed } from '../src/ports/catalog-feed.port.js';
import type { PreprocessedSink } from '../src/ports/preprocessed-sink.port.js';
import { freshState, now, rules, view } from './support.js';

/** Publishes what it is given, except a write of more than `failAbove` events: it publishes the first, then throws. */
class PartlyFailingSink implements PreprocessedSink {
  published: string[] = [];
  constructor(private readonly failAbove: number) {}
  async write(events: readonly CleanEvent[], _texts: readonly CleanText[]): Promise<void> {
    if (events.length > this.failAbove) {
      this.published.push(events[0]!.event!.eventId);
      throw new Error('record too large');
    }
    this.published.push(...events.map((e) => e.event!.eventId));
  }
}

const noFeed: CatalogFeed = {
  publish: async (_items: readonly ItemUpsert[]) => {},
  follow: async () => {},
};

function records(partition: number, events: Event[]): ConsumedRecord<Event>[] {
  return events.map((value, i) => ({ value, key: null, headers: {}, partition, offset: String(i), timestamp: 0 }));
}

function consumerWith(sink: PreprocessedSink) {
  const registry = new Registry();
  const warnings: string[] = [];
  const logger = { info: () => {}, warn: (_fields: object, message: string) => void warnings.push(message) };
  const consumer = new RawEventsConsumer(
    new Preprocessor(sink, noFeed, rules, freshState(), () => now),
    new PreprocessMetrics(registry),
    logger as never,
    { maxValues: 100, lingerMs: 0 },
  );
  const count = async (name: string, outcome?: string) =>
    (await registry.getSingleMetric(name)!.get()).values.find(
      (v) => outcome === undefined || v.labels.outcome === outcome,
    )?.value ?? 0;
  return { consumer, warnings, count };
}

const future = (eventId: string) => view(eventId, 'i-00001', { occurredAt: new Date(now.getTime() + 3_600_000) });

test("two partitions' batches in one pass: each gets back its own rejected records", async () => {
  const { consumer } = consumerWith(new PartlyFailingSink(Number.POSITIVE_INFINITY));
  const a = records(0, [view('a0'), future('a1'), view('a2')]);
  const b = records(3, [future('b0'), view('b1')]);
  const [outA, outB] = await Promise.all([consumer.rawEvents(a), consumer.rawEvents(b)]);
  assert.deepEqual(
    outA.rejected?.map((r) => r.record),
    [a[1]],
  );
  assert.deepEqual(
    outB.rejected?.map((r) => r.record),
    [b[0]],
  );
  assert.match(outB.rejected![0]!.reason, /in the future/);
});

test(
  'a joined write that fails after publishing part: ' +
    'each batch alone publishes all of its events, none a duplicate',
  async () => {
    const sink = new PartlyFailingSink(2);
    const { consumer, warnings, count } = consumerWith(sink);
    const a = records(0, [view('a0'), view('a1')]);
    const b = records(1, [view('b0'), view('b1')]);
    const outcomes = await Promise.all([consumer.rawEvents(a), consumer.rawEvents(b)]);
    assert.deepEqual(outcomes, [{ rejected: [] }, { rejected: [] }]);
    assert.deepEqual(sink.published, ['a0', 'a0', 'a1', 'b0', 'b1'], 'the part, then every event again');
    assert.equal(await count('preprocessor_events_total', 'duplicate'), 0);
    assert.equal(await count('preprocessor_events_total', 'published'), 4);
    assert.equal(await count('preprocessor_joined_pass_fallbacks_total'), 1);
    assert.deepEqual(warnings, ['joined pass failed; running each batch alone']);
  },
);
