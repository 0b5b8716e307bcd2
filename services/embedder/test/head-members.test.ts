import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { stratifiedSplit } from '@demand/ml';
import { SENTIMENT_LABELS, sentimentFromRating } from '../src/training/corpus.js';
import { memberSplits, trainHead, type TrainedHead } from '../src/training/train-head.js';
import { encodeAll, smallCorpus, smallDomainEncoder } from './support/small-shop.js';

describe('memberSplits (a further member’s training / validation parts)', () => {
  const y = Array.from({ length: 60 }, (_, i) => (i < 30 ? 0 : i < 50 ? 1 : 2));
  const split = stratifiedSplit(y, { validation: 0.15, test: 0.15, seed: 7 });
  const parts = memberSplits(y, split, 7, 3);

  it('never touch the test share, and split the rest into training and validation', () => {
    assert.equal(parts.length, 3);
    const rest = [...split.train, ...split.validation].sort((a, b) => a - b);
    for (const part of parts) {
      assert.ok(part.validation.every((i) => !split.test.includes(i)));
      assert.ok(part.train.every((i) => !split.test.includes(i)));
      assert.deepEqual(
        [...part.train, ...part.validation].sort((a, b) => a - b),
        rest,
      );
    }
  });

  it('draw a validation share of the same size and class mix as the first split’s, but other examples', () => {
    const count = (indices: number[], label: number) => indices.filter((i) => y[i] === label).length;
    for (const part of parts) {
      assert.equal(part.validation.length, split.validation.length);
      for (const label of [0, 1, 2]) assert.equal(count(part.validation, label), count(split.validation, label));
    }
    const draws = new Set([split.validation, ...parts.map((part) => part.validation)].map((v) => v.join()));
    assert.equal(draws.size, 4);
  });

  it('are the same for the same seed and none for one member', () => {
    assert.deepEqual(memberSplits(y, split, 7, 3), parts);
    assert.deepEqual(memberSplits(y, split, 7, 0), []);
  });
});

describe('trainHead with further members', () => {
  let reviews: { text: string; label: string }[];
  let vectors: Float32Array[];
  let single: TrainedHead;
  let three: TrainedHead;
  const options = { features: 'embedding+lexicon-v1', classNames: SENTIMENT_LABELS, expert: 'lexicon-v2' } as const;

  beforeAll(async () => {
    const { encoder } = await smallDomainEncoder();
    reviews = smallCorpus().reviews.map((r) => ({ text: r.text, label: sentimentFromRating(r.rating) }));
    vectors = await encodeAll(
      encoder,
      reviews.map((r) => r.text),
    );
    single = trainHead(reviews, vectors, options);
    three = trainHead(reviews, vectors, { ...options, members: 3 });
  });

  afterAll(async () => (await smallDomainEncoder()).encoder.close());

  it('keeps the single head, its report and holdout as the first member, and fits the others apart', () => {
    assert.deepEqual(single.otherMembers, []);
    assert.deepEqual(three.model.toJSON(), single.model.toJSON());
    assert.deepEqual(
      three.experts.map((expert) => expert.model.toJSON()),
      single.experts.map((expert) => expert.model.toJSON()),
    );
    assert.deepEqual(three.report, single.report);
    assert.deepEqual(three.holdout, single.holdout);
    assert.equal(three.otherMembers.length, 2);
    for (const member of three.otherMembers) {
      assert.notDeepEqual(member.model.toJSON(), single.model.toJSON());
      assert.equal(member.experts[0]?.features, 'lexicon-v2');
    }
  });

  it('takes a whole number of members, one or more', () => {
    for (const members of [0, -2, 2.5, Number.NaN])
      assert.throws(() => trainHead(reviews, vectors, { ...options, members }), {
        name: 'RangeError',
        message: `members must be a positive integer, not ${members}`,
      });
  });

  it('refuses further members without a validation share to redraw (they would be clones of the first)', () => {
    assert.throws(() => trainHead(reviews, vectors, { ...options, validation: 0, members: 2 }), {
      name: 'RangeError',
      message: /2 members need a validation share to redraw \(this split has none\)/,
    });
    assert.deepEqual(trainHead(reviews, vectors, { ...options, validation: 0, members: 1 }).otherMembers, []);
  });
});
