import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { SeededRandom } from '@demand/ml';
import { decodeHeadArtifact, encodeHeadArtifact, type HeadTask } from '../src/domain/head-artifact.js';
import { headProbabilities } from '../src/domain/text-heads.js';
import { DEFAULT_HEAD_EXPERTS, DEFAULT_HEAD_FEATURES } from '../src/training/bootstrap-models.js';
import { SENTIMENT_LABELS, sentimentFromRating, type TrainingCorpus } from '../src/training/corpus.js';
import { genericSeedCorpus } from '../src/training/generic-seed.js';
import { trainHead, type LabelledText } from '../src/training/train-head.js';
import { heldOutShop, smallCorpus } from './support/small-shop.js';

// Hashes of the default heads' model.json and of their probabilities on another shop's texts, as the code before
// head committees (ed71d5f) gave them. Vectors are drawn from each text's hash instead of an encoder so that the
// figures depend on this package's arithmetic alone, not on ONNX Runtime's kernels for the machine's CPU.
const PINNED: Record<HeadTask, { artifact: string; probabilities: string }> = {
  sentiment: {
    artifact: '5effd14fb5aeb258f9d4eda38d9e162860725db2a1362a45262db9f70009276a',
    probabilities: 'b5fcb483e38c1e37ac80731e497acb64eac7b3ebd512e4bcdf962ed6f3fac07f',
  },
  intent: {
    artifact: '775875d10869a17a79e8ab4658bf6c4bbc2407e100f190f5702bf38b2168f5e7',
    probabilities: '2d09baa5881142e61237da6ba2de70da20cc97d68f6305aa2f5b2f645cb36aa3',
  },
};

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

function vectorOf(text: string): Float32Array {
  const random = new SeededRandom(Number.parseInt(sha256(text).slice(0, 8), 16));
  return Float32Array.from({ length: 24 }, () => random.normal());
}

const reviewsOf = (corpus: TrainingCorpus): LabelledText[] =>
  corpus.reviews.map((r) => ({ text: r.text, label: r.sentiment ?? sentimentFromRating(r.rating) }));
const turnsOf = (corpus: Pick<TrainingCorpus, 'dialogTurns'>): LabelledText[] =>
  corpus.dialogTurns.flatMap((t) => (t.intent ? [{ text: t.text, label: t.intent }] : []));

function answers(task: HeadTask, examples: LabelledText[], prior: LabelledText[], unseen: string[]) {
  const trained = trainHead(
    examples,
    examples.map((e) => vectorOf(e.text)),
    {
      features: DEFAULT_HEAD_FEATURES[task],
      ...(task === 'sentiment' ? { classNames: SENTIMENT_LABELS } : {}),
      ...(DEFAULT_HEAD_EXPERTS[task] ? { expert: DEFAULT_HEAD_EXPERTS[task] } : {}),
      prior: { examples: prior, vectors: prior.map((p) => vectorOf(p.text)) },
    },
  );
  const artifact = encodeHeadArtifact(task, trained);
  const head = decodeHeadArtifact(artifact, task, `${task}-head@1`);
  const probabilities = unseen.flatMap((text) => [...headProbabilities(head, vectorOf(text), text)]);
  return { artifact: sha256(artifact), probabilities: sha256(new Uint8Array(Float64Array.from(probabilities).buffer)) };
}

describe('the default heads', () => {
  const corpus = smallCorpus();
  const seed = genericSeedCorpus();
  const heldOut = heldOutShop();

  it('publish the same sentiment model.json and answer bit for bit as before committees were tried', () => {
    const unseen = heldOut.reviews.slice(0, 300).map((r) => r.text);
    assert.deepEqual(answers('sentiment', reviewsOf(corpus), reviewsOf(seed), unseen), PINNED.sentiment);
  });

  it('publish the same intent model.json and answer bit for bit as before committees were tried', () => {
    const unseen = heldOut.dialogTurns.slice(0, 300).map((t) => t.text);
    assert.deepEqual(answers('intent', turnsOf(corpus), turnsOf(seed), unseen), PINNED.intent);
  });
});
