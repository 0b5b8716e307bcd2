import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SeededRandom } from '@demand/ml';
import { normalizedCorpus } from '../src/training/bootstrap-models.js';
import { trainingSetHash, type TrainingCorpus } from '../src/training/corpus.js';
import { genericSeedCorpus } from '../src/training/generic-seed.js';

function shuffled<T>(values: readonly T[], random: SeededRandom): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('training corpus order', () => {
  it('trains on the same sequence whatever order the store returned the rows in', () => {
    const corpus: TrainingCorpus = genericSeedCorpus();
    const random = new SeededRandom(3);
    const reordered: TrainingCorpus = {
      ...corpus,
      items: shuffled(corpus.items, random),
      reviews: shuffled(corpus.reviews, random),
      queries: shuffled(corpus.queries, random),
      dialogTurns: shuffled(corpus.dialogTurns, random),
    };
    assert.notDeepEqual(reordered.reviews, corpus.reviews);
    assert.deepEqual(normalizedCorpus(reordered), normalizedCorpus(corpus));
    assert.equal(trainingSetHash(reordered), trainingSetHash(corpus));
  });
});
