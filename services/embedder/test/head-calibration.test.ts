import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SeededRandom } from '@demand/ml';
import { trainHead } from '../src/training/train-head.js';

/** Two classes whose vectors sit around opposite corners, `spread` apart from them. */
function examples(count: number, spread: number, seed: number) {
  const random = new SeededRandom(seed);
  const texts = Array.from({ length: count }, (_, i) => ({ text: `t${i}`, label: i % 2 === 0 ? 'a' : 'b' }));
  const vectors = texts.map(({ label }) => {
    const sign = label === 'a' ? 1 : -1;
    return Float32Array.from({ length: 4 }, () => sign + spread * random.normal());
  });
  return { texts, vectors };
}

describe('a head’s temperature scaling', () => {
  it('is fitted on a validation share the model gets partly wrong', () => {
    const { texts, vectors } = examples(400, 2.5, 1);
    const head = trainHead(texts, vectors, { features: 'embedding' });
    assert.notEqual(head.model.temperature, undefined);
    assert.notEqual(head.report.temperature, 1);
  });

  it('is left at 1 when the model already separates its validation share (it would sharpen to its bound)', () => {
    const { texts, vectors } = examples(400, 0.05, 2);
    const head = trainHead(texts, vectors, { features: 'embedding' });
    assert.equal(head.model.temperature, undefined);
    assert.equal(head.report.temperature, 1);
    const probability = head.model.predictProba(Float32Array.from([0.2, 0.2, 0.2, 0.2]));
    assert.ok(Math.max(...probability) < 0.999, `a point near the boundary is not certain: ${[...probability]}`);
  });
});
