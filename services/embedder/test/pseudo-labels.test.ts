import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { pseudoLabels } from '../src/training/pseudo-labels.js';

describe('pseudo-labels (self-training on weak labels)', () => {
  // Class 1 for every example whose index is odd, with probability 0.95; what a fitted model would say.
  const oddIsOne = (i: number) => Float64Array.from(i % 2 === 1 ? [0.05, 0.95] : [0.95, 0.05]);

  it('replaces a weak training label a cross-fitted model contradicts with enough confidence, and no other', () => {
    const y = [0, 0, 0, 0, 0, 0];
    const weak = [true, true, true, false, true, true];
    const asked: { fitOn: number[]; predictOn: number[] }[] = [];
    const { labels, changed } = pseudoLabels(y, [0, 1, 2, 3, 4], weak, { confidence: 0.9, seed: 7 }, (fitOn, _, on) => {
      asked.push({ fitOn, predictOn: on });
      return on.map(oddIsOne);
    });
    // 1 is weak and contradicted; 3 is contradicted but an operator's; 5 is outside the training share.
    assert.deepEqual(labels, [0, 1, 0, 0, 0, 0]);
    assert.equal(changed, 1);
    for (const { fitOn, predictOn } of asked) assert.ok(predictOn.every((i) => !fitOn.includes(i)));
    assert.deepEqual(asked.flatMap((a) => a.predictOn).sort(), [0, 1, 2, 4]);
  });

  it('keeps a label the model contradicts below the confidence asked', () => {
    const { labels, changed } = pseudoLabels([0, 0], [0, 1], [true, true], { confidence: 0.99, seed: 1 }, (_, __, on) =>
      on.map(oddIsOne),
    );
    assert.deepEqual(labels, [0, 0]);
    assert.equal(changed, 0);
  });
});
