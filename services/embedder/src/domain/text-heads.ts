import type { Prediction } from '@demand/contracts';
import { featureCount, headFeatures, type FeatureSet } from './head-features.js';

/** A fitted classifier as the heads need it (SoftmaxRegression fits). */
export interface ProbabilisticClassifier {
  readonly dims: number;
  readonly numClasses: number;
  predictProba(x: Float32Array): Float64Array;
}

/** A loaded classification head: which model version, its classes and the inputs it expects. */
export interface TextHead {
  /** e.g. "sentiment-head@2". */
  readonly version: string;
  readonly classNames: readonly string[];
  readonly features: FeatureSet;
  readonly model: ProbabilisticClassifier;
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
  const expected = featureCount(head.features, dimensions);
  if (head.model.dims !== expected)
    problems.push(`expects ${head.model.dims} features, the encoder gives ${expected} (${head.features})`);
  if (head.model.numClasses !== head.classNames.length)
    problems.push(`has ${head.model.numClasses} classes but ${head.classNames.length} class names`);
  return problems;
}

/** The head's answer for one text: best label, its probability, and every label's. */
export function predict(head: TextHead, vector: Float32Array, text: string): Prediction {
  const probabilities = head.model.predictProba(headFeatures(head.features, vector, text));
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
