import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { RecommendResponse } from '@demand/contracts';
import type { RecommendResult } from '@demand/recommend';
import { type AnswerEnvelope, encodeAnswer, encodeResponse, toItem } from '../src/domain/encoded-answer.js';

const response = (n: number): RecommendResponse => ({
  recommendationId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  items: Array.from({ length: n }, (_, i) => ({
    itemId: `item-${i}-${'x'.repeat(30 + i)}`,
    score: 1 / (i + 1),
    reasons: [
      { source: 'als', text: `Because you viewed a product ${'é'.repeat(i)} like this one`, anchorItemId: 'a' },
    ],
  })),
  coldStart: n % 2 === 0,
  arm: 'control',
  modelVersions: { data: 'w1', ranker: 'gbdt@w1' },
});

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe('encodeResponse (one writer for every answer)', () => {
  it('writes each answer as a fresh writer does, however long the one before', () => {
    for (const n of [10, 1, 40, 3]) {
      const { bytes } = encodeResponse(response(n));
      assert.ok(sameBytes(bytes, RecommendResponse.encode(response(n)).finish()), `answer of ${n} items`);
    }
  });

  it('leaves nothing of an answer that failed half-way in the next', () => {
    const broken = { ...response(5), items: [response(5).items[0]!, undefined as never] };
    assert.throws(() => encodeResponse(broken));
    const { bytes } = encodeResponse(response(2));
    assert.ok(sameBytes(bytes, RecommendResponse.encode(response(2)).finish()));
  });
});

describe('encodeAnswer (a computed list written field by field)', () => {
  const catalog = [{ id: 'item-0' }, { id: `item-1-${'y'.repeat(40)}` }, { id: 'item-2' }];
  const result = (n: number): RecommendResult => ({
    coldStart: n % 2 === 1,
    items: Array.from({ length: n }, (_, i) => ({
      item: i % 3,
      id: catalog[i % 3]!.id,
      score: i === 1 ? 0 : 1 / (i + 1),
      reasons: [
        { source: 'als', text: `Because you viewed “${'é'.repeat(i)}” and more`, anchor: (i + 1) % 3 },
        { source: 'popular', text: '' },
        { source: 'item_cf', text: 'people who bought it also bought', anchor: 7 }, // not in the catalog
      ].slice(0, 1 + (i % 3)) as RecommendResult['items'][number]['reasons'],
    })),
  });
  const envelopes: AnswerEnvelope[] = [
    { recommendationId: '00000000-0000-4000-8000-000000000001', arm: 'control', modelVersions: { data: 'w1', x: '' } },
    { recommendationId: '', arm: '', modelVersions: {} },
  ];

  it('writes the bytes RecommendResponse.encode writes for the same answer built as a message', () => {
    for (const n of [10, 0, 3, 1])
      for (const envelope of envelopes) {
        const answer = encodeAnswer(result(n), catalog, envelope);
        const message: RecommendResponse = {
          ...envelope,
          items: result(n).items.map((r) => toItem(r, catalog)),
          coldStart: result(n).coldStart,
        };
        assert.ok(sameBytes(answer.bytes, RecommendResponse.encode(message).finish()), `${n} items`);
        assert.deepEqual(
          answer.itemIds,
          message.items.map((i) => i.itemId),
        );
        assert.deepEqual(
          answer.scores,
          message.items.map((i) => i.score),
        );
      }
  });
});
