import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { SeededRandom, stratifiedSplit } from '@demand/ml';
import { decodeHeadArtifact, encodeHeadArtifact } from '../src/domain/head-artifact.js';
import { headFeatures } from '../src/domain/head-features.js';
import { headProbabilities } from '../src/domain/text-heads.js';
import { sentimentFromRating } from '../src/training/corpus.js';
import { glossSwitched } from '../src/training/gloss-switching.js';
import { trainHead, type LabelledText } from '../src/training/train-head.js';
import { heldOutShop, smallCorpus } from './support/small-shop.js';

// Vectors drawn from each text's hash: the heads' arithmetic alone, no encoder.
function vectorOf(text: string): Float32Array {
  const random = new SeededRandom(Number.parseInt(createHash('sha256').update(text).digest('hex').slice(0, 8), 16));
  return Float32Array.from({ length: 16 }, () => random.normal());
}

const reviews: LabelledText[] = smallCorpus()
  .reviews.slice(0, 240)
  .map((r) => ({ text: r.text, label: sentimentFromRating(r.rating) }));
const vectors = reviews.map((r) => vectorOf(r.text));
const base = { features: 'embedding' as const, expert: 'lexicon-v2' as const, seed: 3 };

describe('a stacked n-gram model in a head', () => {
  it('multiplies in its evidence raised to a weight fitted on the validation share, kept through model.json', () => {
    const plain = trainHead(reviews, vectors, base);
    const stacked = trainHead(reviews, vectors, { ...base, stacked: 'subwords' });
    assert.deepEqual(stacked.model.toJSON(), plain.model.toJSON());
    const [lexicon, ngrams] = stacked.experts;
    assert.equal(lexicon?.weight, undefined);
    assert.equal(ngrams?.features, 'subwords');
    const weight = ngrams?.weight as number;
    assert.ok(weight >= 0 && weight <= 4, `weight ${weight}`);
    const head = decodeHeadArtifact(encodeHeadArtifact('sentiment', stacked), 'sentiment', 'sentiment-head@2');
    assert.equal(head.experts?.[1]?.weight, weight);
    const without = decodeHeadArtifact(encodeHeadArtifact('sentiment', plain), 'sentiment', 'sentiment-head@1');
    for (const review of heldOutShop().reviews.slice(0, 10)) {
      const vector = vectorOf(review.text);
      const row = headFeatures('subwords', vector, review.text);
      const given = ngrams?.model.predictProba(row) as Float64Array;
      const silent = ngrams?.model.predictProba(new Float32Array(row.length)) as Float64Array;
      const fused = headProbabilities(without, vector, review.text).map(
        (p, k) => p * ((given[k] as number) / (silent[k] as number)) ** weight,
      );
      const total = fused.reduce((a, b) => a + b, 0);
      headProbabilities(head, vector, review.text).forEach((p, k) =>
        assert.ok(Math.abs(p - (fused[k] as number) / total) < 1e-12),
      );
    }
  });

  it('fits the expert weight only when asked, and needs a validation share to fit one', () => {
    const weighted = trainHead(reviews, vectors, { ...base, fitExpertWeight: true });
    assert.equal(typeof weighted.experts[0]?.weight, 'number');
    assert.throws(() => trainHead(reviews, vectors, { ...base, stacked: 'subwords', validation: 0 }), /validation/);
  });
});

describe('augmented copies in a head', () => {
  const copyOf = (i: number) => ({ text: `${reviews[i]?.text} copy`, label: reviews[i]?.label as string });
  const withCopies = (sources: number[]) =>
    trainHead(reviews, vectors, {
      ...base,
      augmented: {
        source: sources,
        examples: sources.map(copyOf),
        vectors: sources.map((i) => vectorOf(copyOf(i).text)),
      },
    });

  it('trains on the copies of training examples and never on copies of validation or test ones', () => {
    const plain = trainHead(reviews, vectors, base);
    const classNames = [...new Set(reviews.map((r) => r.label))].sort();
    const y = reviews.map((r) => classNames.indexOf(r.label));
    const split = stratifiedSplit(y, { validation: 0.15, test: 0.15, seed: base.seed });
    assert.deepEqual(plain.holdout, split.test);
    assert.deepEqual(withCopies([...split.validation, ...split.test]).model.toJSON(), plain.model.toJSON());
    assert.notDeepEqual(withCopies(split.train.slice(0, 40)).model.toJSON(), plain.model.toJSON());
    assert.throws(
      () => trainHead(reviews, vectors, { ...base, augmented: { source: [0], examples: [], vectors: [] } }),
      /one source index and one vector each/,
    );
  });
});

describe('gloss switching', () => {
  const table = new Map([
    ['质量', 'quality'],
    ['很好', 'very good'],
    ['很好看', 'very pretty'],
  ]);

  it('writes dictionary words of Chinese runs as their glosses, longest first, other characters kept', () => {
    assert.equal(glossSwitched('质量很好', table), 'quality very good');
    assert.equal(glossSwitched('质量很好看!', table), 'quality very pretty !');
    assert.equal(glossSwitched('这个质量 ok', table), '这个 quality ok');
    assert.equal(glossSwitched('很好的', table), 'very good 的');
  });

  it('makes no copy of a text none of whose words it knows', () => {
    assert.equal(glossSwitched('不错', table), undefined);
    assert.equal(glossSwitched('great fit', table), undefined);
  });
});
