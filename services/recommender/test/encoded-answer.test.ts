import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { RecommendResponse } from '@demand/contracts';
import { encodeResponse } from '../src/domain/encoded-answer.js';

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
