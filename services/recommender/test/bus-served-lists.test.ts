import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { EventBus } from '@demand/bus';
import type { RecsServed } from '@demand/contracts';
import { createLogger } from '@demand/telemetry';
import { BusServedLists } from '../src/adapters/bus-served-lists.adapter.js';

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
});
