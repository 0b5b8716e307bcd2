import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { EventBus } from '@demand/bus';
import type { RecsServed } from '@demand/contracts';
import type { AnalyticsStore } from '@demand/analytics-store';
import { createLogger } from '@demand/telemetry';
import { Registry } from 'prom-client';
import { BusServedLists } from '../src/adapters/bus-served-lists.adapter.js';
import { ClickHouseServedLists } from '../src/adapters/clickhouse-served-lists.adapter.js';
import { registerServedListsMetrics } from '../src/adapters/served-lists.metrics.js';

const list = (id: string): RecsServed => ({
  recommendationId: id,
  userId: 'u',
  method: 'recommend',
  page: 'home',
  currentItemId: '',
  itemIds: ['i1'],
  scores: [1],
  coldStart: false,
  arm: 'control',
  modelVersions: {},
  servedAt: new Date(0),
});

function fakeBus(fail = false) {
  const batches: string[][] = [];
  const bus = {
    publish: async (topic: { name: string }, messages: readonly RecsServed[]) => {
      assert.equal(topic.name, 'recs.served.v1');
      if (fail) throw new Error('broker down');
      batches.push(messages.map((m) => m.recommendationId));
    },
  } as unknown as EventBus;
  return { bus, batches };
}

describe('BusServedLists', () => {
  it('sends waiting lists in one batch after the wait, or at once when the batch is full', async () => {
    const { bus, batches } = fakeBus();
    const sink = new BusServedLists(bus, createLogger({ service: 't', level: 'silent' }), 10, 3);
    for (const id of ['a', 'b', 'c', 'd']) sink.publish(list(id));
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.deepEqual(batches, [['a', 'b', 'c'], ['d']]);
  });

  it('flushes what is waiting on shutdown, and a failed batch is logged, not thrown', async () => {
    const ok = fakeBus();
    const sink = new BusServedLists(ok.bus, createLogger({ service: 't', level: 'silent' }), 60_000);
    sink.publish(list('x'));
    await sink.flush();
    assert.deepEqual(ok.batches, [['x']]);
    const errors: unknown[] = [];
    const logger = { error: (o: unknown) => errors.push(o) } as never;
    const failing = new BusServedLists(fakeBus(true).bus, logger, 60_000);
    failing.publish(list('y'));
    await failing.flush();
    assert.equal(errors.length, 1);
  });

  it('a sink throwing before it returns a promise loses that batch only: logged, counted, the next sent', async () => {
    const sent: string[][] = [];
    let calls = 0;
    const bus = {
      publish: (_topic: unknown, messages: readonly RecsServed[]) => {
        calls += 1;
        if (calls === 1) throw new RangeError('Invalid time value');
        sent.push(messages.map((m) => m.recommendationId));
        return Promise.resolve();
      },
    } as unknown as EventBus;
    const errors: unknown[] = [];
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const sink = new BusServedLists(bus, { error: (o: unknown) => errors.push(o) } as never, 60_000);
      sink.publish(list('bad'));
      await sink.flush();
      sink.publish(list('good'));
      await sink.flush();
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(errors.length, 1);
      assert.deepEqual(sent, [['good']]);
      assert.equal(sink.droppedLists, 1);
      assert.deepEqual(rejections, []);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});

describe('ClickHouseServedLists', () => {
  it('a list it cannot encode (servedAt no date) drops its batch, counted by table; the next is written', async () => {
    const rows: unknown[][] = [];
    const store = {
      insertCompact: async (_table: string, _columns: readonly string[], batch: unknown[][]) => {
        rows.push(...batch);
      },
    } as unknown as AnalyticsStore;
    const table = new ClickHouseServedLists(store, { error: () => undefined } as never, 60_000);
    table.publish({ ...list('bad'), servedAt: new Date(Number.NaN) });
    await table.flush();
    table.publish(list('good'));
    await table.flush();
    assert.deepEqual(
      rows.map((row) => row[0]),
      ['good'],
    );
    const registry = new Registry();
    registerServedListsMetrics(registry, [table]);
    const metric = await registry.getSingleMetricAsString('recommender_served_lists_dropped_total');
    assert.match(metric, /recommender_served_lists_dropped_total\{destination="recommender_served_lists"\} 1/);
  });
});
