import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { accuracy, confusionMatrix, macroF1 } from '@demand/ml';
import { decodeHeadArtifact, encodeHeadArtifact } from '../src/domain/head-artifact.js';
import { headFeatures } from '../src/domain/head-features.js';
import { headProblems, predict, type TextHead } from '../src/domain/text-heads.js';
import { SENTIMENT_LABELS, sentimentFromRating } from '../src/training/corpus.js';
import { trainHead, type TrainedHead } from '../src/training/train-head.js';
import { encodeAll, heldOutShop, smallCorpus, smallDomainEncoder } from './support/small-shop.js';

let sentiment: TrainedHead;
let intent: TrainedHead;
let heldOut: ReturnType<typeof heldOutShop>;
let reviewVectors: Float32Array[];
let turnVectors: Float32Array[];
let labelledTurns: { text: string; intent: string }[];
let reviews: { text: string; label: string }[];
let trainingReviewVectors: Float32Array[];

beforeAll(async () => {
  const { encoder } = await smallDomainEncoder();
  const corpus = smallCorpus();
  reviews = corpus.reviews.map((r) => ({ text: r.text, label: sentimentFromRating(r.rating) }));
  const turns = corpus.dialogTurns.flatMap((t) => (t.intent ? [{ text: t.text, label: t.intent }] : []));
  trainingReviewVectors = await encodeAll(
    encoder,
    reviews.map((r) => r.text),
  );
  sentiment = trainHead(reviews, trainingReviewVectors, {
    features: 'embedding+lexicon-v1',
    classNames: SENTIMENT_LABELS,
  });
  intent = trainHead(
    turns,
    await encodeAll(
      encoder,
      turns.map((t) => t.text),
    ),
    { features: 'embedding' },
  );
  heldOut = heldOutShop();
  reviewVectors = await encodeAll(
    encoder,
    heldOut.reviews.map((r) => r.text),
  );
  labelledTurns = heldOut.dialogTurns.flatMap((t) => (t.intent ? [{ text: t.text, intent: t.intent }] : []));
  turnVectors = await encodeAll(
    encoder,
    labelledTurns.map((t) => t.text),
  );
});

afterAll(async () => (await smallDomainEncoder()).encoder.close());

describe('sentiment head (trained on stars as weak labels)', () => {
  it('reads the true sentiment of reviews from another shop far better than the majority class', () => {
    const predicted = heldOut.reviews.map((review, i) =>
      sentiment.model.predict(headFeatures(sentiment.features, reviewVectors[i] as Float32Array, review.text)),
    );
    const truth = heldOut.truth.reviewSentiments.map((label) => sentiment.classNames.indexOf(label));
    const score = accuracy(truth, predicted);
    assert.ok(score >= 0.85, `accuracy ${score.toFixed(3)} on ${truth.length} reviews`);
    assert.ok(score > sentiment.report.baseline.accuracy + 0.2, `baseline ${sentiment.report.baseline.accuracy}`);
  });

  it('is calibrated on held-out rows and reports its test metrics', () => {
    const { report } = sentiment;
    assert.ok(report.temperature > 0);
    assert.ok(report.test.expectedCalibrationError < 0.15, `ECE ${report.test.expectedCalibrationError}`);
    assert.deepEqual(Object.keys(report.classCounts), ['negative', 'neutral', 'positive']);
    assert.equal(report.split.train + report.split.validation + report.split.test, report.examples);
  });
});

describe('intent head (trained on labelled customer turns)', () => {
  it('reaches a macro-F1 of 0.85 on turns of another shop, above the majority class', () => {
    const predicted = labelledTurns.map((turn, i) =>
      intent.model.predict(headFeatures(intent.features, turnVectors[i] as Float32Array, turn.text)),
    );
    const truth = labelledTurns.map((turn) => intent.classNames.indexOf(turn.intent));
    const f1 = macroF1(confusionMatrix(truth, predicted, intent.classNames.length));
    assert.ok(f1 >= 0.85, `macro-F1 ${f1.toFixed(3)} on ${truth.length} turns`);
    assert.ok(f1 > intent.report.baseline.macroF1 + 0.5);
    assert.ok(intent.classNames.includes('return') && intent.classNames.includes('chitchat'));
  });
});

describe('head artifacts', () => {
  it('round-trip through model.json and predict the same', () => {
    const text = heldOut.reviews[0]?.text ?? '';
    const head: TextHead = decodeHeadArtifact(
      encodeHeadArtifact('sentiment', sentiment),
      'sentiment',
      'sentiment-head@9',
    );
    assert.equal(head.version, 'sentiment-head@9');
    const original: TextHead = {
      version: 'x',
      classNames: sentiment.classNames,
      features: sentiment.features,
      model: sentiment.model,
    };
    assert.deepEqual(
      predict(head, reviewVectors[0] as Float32Array, text).scores,
      predict(original, reviewVectors[0] as Float32Array, text).scores,
    );
    const answer = predict(head, reviewVectors[0] as Float32Array, text);
    assert.ok(Math.abs(answer.scores.reduce((sum, s) => sum + s.probability, 0) - 1) < 1e-6);
    assert.equal(answer.modelVersion, 'sentiment-head@9');
  });

  it('with a lexicon expert: the model times the expert’s evidence, on the same split, through model.json and back', () => {
    const withExpert = trainHead(reviews, trainingReviewVectors, {
      features: 'embedding+lexicon-v1',
      classNames: SENTIMENT_LABELS,
      expert: 'lexicon-v2',
    });
    assert.deepEqual(withExpert.holdout, sentiment.holdout);
    assert.deepEqual(withExpert.model.toJSON(), sentiment.model.toJSON());
    const [expert] = withExpert.experts;
    assert.equal(expert?.features, 'lexicon-v2');
    assert.equal(expert?.model.dims, headFeatures('lexicon-v2', new Float32Array(0), '').length);
    const head = decodeHeadArtifact(encodeHeadArtifact('sentiment', withExpert), 'sentiment', 'sentiment-head@3');
    assert.deepEqual(headProblems(head, 256), []);
    const misfit = { ...head, experts: [{ features: 'lexicon-v2' as const, model: withExpert.model }] };
    assert.match(headProblems(misfit, 256).join(), /expects 263 features, the encoder gives 11 \(lexicon-v2\)/);
    for (const [i, review] of heldOut.reviews.slice(0, 20).entries()) {
      const vector = reviewVectors[i] as Float32Array;
      const own = withExpert.model.predictProba(headFeatures('embedding+lexicon-v1', vector, review.text));
      const lexicon = expert?.model.predictProba(headFeatures('lexicon-v2', vector, review.text)) as Float64Array;
      const silent = expert?.model.predictProba(new Float32Array(expert.model.dims)) as Float64Array;
      const product = own.map((p, k) => (p * (lexicon[k] as number)) / (silent[k] as number));
      const total = product.reduce((a, b) => a + b, 0);
      const answer = predict(head, vector, review.text).scores.map((score) => score.probability);
      answer.forEach((p, k) => assert.ok(Math.abs(p - (product[k] as number) / total) < 1e-9));
    }
    const vector = reviewVectors[0] as Float32Array;
    const noLexiconWord = predict(head, vector, 'sku 4711').scores.map((score) => score.probability);
    const own = withExpert.model.predictProba(headFeatures('embedding+lexicon-v1', vector, 'sku 4711'));
    noLexiconWord.forEach((p, k) => assert.ok(Math.abs(p - (own[k] as number)) < 1e-9));
  });

  it('refuse the wrong task and heads that do not fit the encoder', () => {
    assert.throws(
      () => decodeHeadArtifact(encodeHeadArtifact('intent', intent), 'sentiment', 'v'),
      /is a intent head, not sentiment/,
    );
    assert.throws(() => decodeHeadArtifact('{', 'intent', 'intent-head@2'), /intent-head@2: model.json is not JSON/);
    const head = decodeHeadArtifact(encodeHeadArtifact('intent', intent), 'intent', 'v');
    assert.deepEqual(headProblems(head, 256), []);
    assert.match(headProblems(head, 384).join(), /expects 256 features, the encoder gives 384/);
  });
});
