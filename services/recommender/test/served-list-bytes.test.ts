import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import type { EventBus } from '@demand/bus';
import { RecsServed } from '@demand/contracts';
import { createLogger } from '@demand/telemetry';
import { BusServedLists } from '../src/adapters/bus-served-lists.adapter.js';
import { servedListBytes } from '../src/adapters/served-list-bytes.js';
import { encodeAnswer } from '../src/domain/encoded-answer.js';

/** Random served lists from a seeded linear congruential generator: strings of every kind and length. */
function servedLists(seed: number, count: number): RecsServed[] {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const below = (n: number) => Math.floor(uniform() * n);
  const pieces = ['i-', '7', 'Q', '“', '”', 'ü', '猫', '🛒', '\ud83d', '\ude00', ' ', '\u0000'];
  const word = (most: number) => Array.from({ length: below(most + 1) }, () => pieces[below(pieces.length)]).join('');
  const id = () => (below(4) === 0 ? word(150) : `item-${below(1e6)}`.padEnd(below(60), 'z'));
  const score = () =>
    [0, -0, 1.5e-300, -2.25, 1e308, uniform() * 1000, Number.NaN, Number.POSITIVE_INFINITY][below(8)]!;
  return Array.from({ length: count }, () => {
    const length = below(40);
    return {
      recommendationId: below(10) === 0 ? '' : `00000000-0000-4000-8000-${String(below(1e12)).padStart(12, '0')}`,
      userId: below(8) === 0 ? '' : word(130),
      method: below(2) === 0 ? 'recommend' : 'similar_items',
      page: word(12),
      currentItemId: below(2) === 0 ? '' : id(),
      itemIds: Array.from({ length }, id),
      scores: Array.from({ length: below(3) === 0 ? below(50) : length }, score),
      coldStart: below(4) === 0,
      arm: word(16),
      modelVersions: Object.fromEntries(
        Array.from({ length: below(6) }, (_, k) => [k % 3 ? word(10) : `${k}`, word(40)]),
      ),
      servedAt: below(6) === 0 ? undefined : new Date((uniform() - 0.3) * 4e12),
    };
  });
}

test('a served list is written byte for byte as RecsServed.encode writes it, over many random lists', () => {
  for (const seed of [11, 12, 13]) {
    const lists = servedLists(seed, 1500);
    lists.forEach((served, i) => {
      const bytes = Buffer.from(servedListBytes(served));
      assert.ok(bytes.equals(Buffer.from(RecsServed.encode(served).finish())), `seed ${seed}, list ${i}`);
    });
  }
});

test('a list that fails to encode leaves nothing half-written for the next list or answer', () => {
  const [broken, next] = servedLists(5, 2);
  assert.throws(() => servedListBytes({ ...broken!, servedAt: new Date(Number.NaN) }));
  assert.ok(Buffer.from(servedListBytes(next!)).equals(Buffer.from(RecsServed.encode(next!).finish())));
  const answer = encodeAnswer({ items: [], coldStart: true }, [], {
    recommendationId: 'r',
    arm: '',
    modelVersions: {},
  });
  assert.deepEqual([...answer.bytes], [10, 1, 114, 24, 1]);
});

test('BusServedLists hands the bus each list encoded, to be sent as it is', async () => {
  const lists = servedLists(21, 5);
  const values: Uint8Array[] = [];
  const bus = {
    publish: async (
      _topic: unknown,
      messages: readonly RecsServed[],
      options?: { encodedParts?: (m: RecsServed, i: number) => Uint8Array[] },
    ) => {
      for (const [i, m] of messages.entries()) values.push(...options!.encodedParts!(m, i));
    },
  } as unknown as EventBus;
  const sink = new BusServedLists(bus, createLogger({ service: 't', level: 'silent' }), 60_000);
  for (const served of lists) sink.publish(served);
  await sink.flush();
  assert.deepEqual(
    values.map((v) => RecsServed.decode(v)),
    lists.map((served) => RecsServed.decode(RecsServed.encode(served).finish())),
  );
});
