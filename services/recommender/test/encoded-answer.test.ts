import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { type AsciiFastWriter, RecommendResponse } from '@demand/contracts';
import type { RecommendResult } from '@demand/recommend';
import { type AnswerEnvelope, encodeAnswer, toItem, written } from '../src/domain/encoded-answer.js';

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe('encodeAnswer (a computed list written field by field, one writer for every answer)', () => {
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
  /** The same answer built as a message and encoded by the generated encoder, with a fresh writer. */
  const encodedMessage = (r: RecommendResult, envelope: AnswerEnvelope): Uint8Array =>
    RecommendResponse.encode({
      ...envelope,
      items: r.items.map((x) => toItem(x, catalog)),
      coldStart: r.coldStart,
    }).finish();

  it('writes the bytes RecommendResponse.encode writes for the same answer built as a message', () => {
    for (const n of [10, 0, 3, 1, 40, 2])
      for (const envelope of envelopes) {
        const answer = encodeAnswer(result(n), catalog, envelope);
        assert.ok(sameBytes(answer.bytes, encodedMessage(result(n), envelope)), `${n} items`);
        assert.deepEqual(
          answer.itemIds,
          result(n).items.map((i) => i.id),
        );
        assert.deepEqual(
          answer.scores,
          result(n).items.map((i) => i.score),
        );
        assert.equal(answer.coldStart, result(n).coldStart);
      }
  });

  it('leaves nothing of an answer that failed half-way in the next', () => {
    const broken = { ...result(5), items: [result(5).items[0]!, undefined as never] };
    assert.throws(() => encodeAnswer(broken, catalog, envelopes[0]!));
    const { bytes } = encodeAnswer(result(2), catalog, envelopes[0]!);
    assert.ok(sameBytes(bytes, encodedMessage(result(2), envelopes[0]!)));
  });

  it('keeps its writer from one output to the next, but not after an output over 64 KB', () => {
    const writers: AsciiFastWriter[] = [];
    const write = (text: string) =>
      written((w) => {
        writers.push(w);
        w.uint32(10).string(text);
      });
    write('a');
    write('b');
    assert.equal(write('x'.repeat(70_000)).length, 1 + 3 + 70_000);
    write('c');
    write('d');
    assert.deepEqual(
      writers.map((w) => writers.indexOf(w)),
      [0, 0, 0, 3, 3],
    );
  });
});
