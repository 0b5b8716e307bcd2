import type { Prediction } from '@demand/contracts';
import { featureCount, headFeatures, rowWithin, type FeatureSet } from './head-features.js';

/** A fitted classifier as the heads need it (SoftmaxRegression fits). */
export interface ProbabilisticClassifier {
  readonly dims: number;
  readonly numClasses: number;
  predictProba(x: Float32Array): Float64Array;
}

/** A second model over other features of the same text whose probabilities multiply the head's. */
export interface HeadExpert {
  readonly features: FeatureSet;
  readonly model: ProbabilisticClassifier;
}

/** A loaded classification head: which model version, its classes and the inputs it expects. */
export interface TextHead {
  /** e.g. "sentiment-head@2". */
  readonly version: string;
  readonly classNames: readonly string[];
  readonly features: FeatureSet;
  readonly model: ProbabilisticClassifier;
  /** Product of experts: each expert's probabilities multiply the model's (renormalised). */
  readonly experts?: readonly HeadExpert[];
  /** Trained on something other than enough of the shop's own data (see corpus.ts isCold). */
  readonly cold?: boolean;
}

/** The two heads the embedder serves. */
export interface TextHeads {
  readonly sentiment: TextHead;
  readonly intent: TextHead;
}

/** Checks that a head fits the encoder's vectors and its own class list; returns the problems. */
export function headProblems(head: TextHead, dimensions: number): string[] {
  const problems: string[] = [];
  for (const { features, model } of [head, ...(head.experts ?? [])]) {
    const expected = featureCount(features, dimensions);
    if (model.dims !== expected)
      problems.push(`expects ${model.dims} features, the encoder gives ${expected} (${features})`);
    if (model.numClasses !== head.classNames.length)
      problems.push(`has ${model.numClasses} classes but ${head.classNames.length} class names`);
  }
  return problems;
}

/** The head's answer for one text: best label, its probability, and every label's. */
export function predict(head: TextHead, vector: Float32Array, text: string): Prediction {
  const probabilities = headProbabilities(head, vector, text);
  let best = 0;
  for (let k = 1; k < probabilities.length; k++)
    if ((probabilities[k] as number) > (probabilities[best] as number)) best = k;
  return {
    label: head.classNames[best] ?? String(best),
    probability: probabilities[best] as number,
    scores: head.classNames.map((label, k) => ({ label, probability: probabilities[k] as number })),
    modelVersion: head.version,
    cold: head.cold ?? false,
  };
}

/**
 * The head's class probabilities for one text: its model's times each expert's evidence, renormalised.
 * An expert's evidence is its probabilities on the text over those on a row without any of its
 * features (p(k | x) / p(k | 0)): it moves the head only as far as its features fire, and a text
 * none of its words occur in leaves the head's answer as it was (the class prior is counted once).
 */
export function headProbabilities(
  head: Pick<TextHead, 'features' | 'model' | 'experts'>,
  vector: Float32Array,
  text: string,
): Float64Array {
  const ownRow = headFeatures(head.features, vector, text);
  const probabilities = head.model.predictProba(ownRow);
  for (const expert of head.experts ?? []) {
    const row = rowWithin(expert.features, head.features, ownRow) ?? headFeatures(expert.features, vector, text);
    const other = expert.model.predictProba(row);
    const without = expert.model.predictProba(new Float32Array(row.length));
    let sum = 0;
    for (let k = 0; k < probabilities.length; k++) {
      probabilities[k] = ((probabilities[k] as number) * (other[k] as number)) / (without[k] as number);
      sum += probabilities[k] as number;
    }
    for (let k = 0; k < probabilities.length; k++) probabilities[k] = (probabilities[k] as number) / sum;
  }
  return probabilities;
}
