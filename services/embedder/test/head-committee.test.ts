import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { stratifiedSplit } from '@demand/ml';
import { decodeHeadArtifact, encodeHeadArtifact } from '../src/domain/head-artifact.js';
import { headProbabilities, headProblems } from '../src/domain/text-heads.js';
import { SENTIMENT_LABELS, sentimentFromRating } from '../src/training/corpus.js';
import { memberSplits, trainHead, type TrainedHead } from '../src/training/train-head.js';
import { encodeAll, smallCorpus, smallDomainEncoder } from './support/small-shop.js';

describe('memberSplits (a committee member’s training / validation parts)', () => {
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

  it('are the same for the same seed and none for a committee of one', () => {
    assert.deepEqual(memberSplits(y, split, 7, 3), parts);
    assert.deepEqual(memberSplits(y, split, 7, 0), []);
  });
});

describe('a head with a committee', () => {
  let reviews: { text: string; label: string }[];
  let vectors: Float32Array[];
  let single: TrainedHead;
  let committee: TrainedHead;
  const options = { features: 'embedding+lexicon-v1', classNames: SENTIMENT_LABELS, expert: 'lexicon-v2' } as const;

  beforeAll(async () => {
    const { encoder } = await smallDomainEncoder();
    reviews = smallCorpus().reviews.map((r) => ({ text: r.text, label: sentimentFromRating(r.rating) }));
    vectors = await encodeAll(
      encoder,
      reviews.map((r) => r.text),
    );
    single = trainHead(reviews, vectors, options);
    committee = trainHead(reviews, vectors, { ...options, members: 3 });
  });

  afterAll(async () => (await smallDomainEncoder()).encoder.close());

  it('keeps the single head as its first member, on the same holdout', () => {
    assert.deepEqual(single.committee, []);
    assert.deepEqual(committee.model.toJSON(), single.model.toJSON());
    assert.deepEqual(committee.holdout, single.holdout);
    assert.equal(committee.committee.length, 2);
    assert.equal(committee.report.members, 3);
    assert.equal(single.report.members, 1);
    for (const member of committee.committee) {
      assert.notDeepEqual(member.model.toJSON(), single.model.toJSON());
      assert.equal(member.experts[0]?.features, 'lexicon-v2');
    }
  });

  it('answers the mean of its members’ probabilities, through model.json and back', () => {
    const head = decodeHeadArtifact(encodeHeadArtifact('sentiment', committee), 'sentiment', 'sentiment-head@4');
    assert.equal(head.committee?.length, 2);
    assert.deepEqual(headProblems(head, vectors[0]?.length ?? 0), []);
    const alone = (member: { model: TrainedHead['model']; experts: TrainedHead['experts'] }) => ({
      features: committee.features,
      model: member.model,
      experts: member.experts,
    });
    const members = [alone(committee), ...committee.committee.map(alone)];
    for (const [i, review] of reviews.slice(0, 20).entries()) {
      const vector = vectors[i] as Float32Array;
      const each = members.map((member) => headProbabilities(member, vector, review.text));
      const answer = headProbabilities(head, vector, review.text);
      answer.forEach((p, k) => {
        const mean = each.reduce((sum, probabilities) => sum + (probabilities[k] as number), 0) / each.length;
        assert.ok(Math.abs(p - mean) < 1e-9);
      });
    }
  });

  it('names a committee member that does not fit the encoder', () => {
    const head = decodeHeadArtifact(encodeHeadArtifact('sentiment', committee), 'sentiment', 'v');
    const misfit = { ...head, committee: [{ model: single.experts[0]!.model }] };
    assert.match(
      headProblems(misfit, 256).join(),
      /expects 11 features, the encoder gives 263 \(embedding\+lexicon-v1\)/,
    );
    const notAList = JSON.stringify({ ...JSON.parse(encodeHeadArtifact('sentiment', committee)), committee: {} });
    assert.throws(() => decodeHeadArtifact(notAList, 'sentiment', 'v'), /committee must be a list/);
  });
});
