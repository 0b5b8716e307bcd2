import { fitEvidenceWeight } from '@demand/ml';
import { headFeatures, rowWithin, type FeatureSet } from '../domain/head-features.js';
import {
  expertEvidence,
  headProbabilities,
  type HeadExpert,
  type ProbabilisticClassifier,
} from '../domain/text-heads.js';

/** The held-out examples a weight is fitted on: their vectors, texts and class indices. */
export interface WeightRows {
  vectors: readonly Float32Array[];
  texts: readonly string[];
  labels: readonly number[];
}

/**
 * The weight of `candidate`'s evidence over the head as it stands (its model and the experts before it),
 * fitted on held-out rows by the least log-loss of the fused probabilities: a one-parameter stacking
 * meta-model (fitEvidenceWeight).
 */
export function fittedExpertWeight(
  head: { features: FeatureSet; model: ProbabilisticClassifier; experts: readonly HeadExpert[] },
  candidate: HeadExpert,
  rows: WeightRows,
): number {
  const base = rows.vectors.map((vector, i) => headProbabilities(head, vector, rows.texts[i] as string));
  const evidence = rows.vectors.map((vector, i) => {
    const text = rows.texts[i] as string;
    const ownRow = headFeatures(head.features, vector, text);
    const row = rowWithin(candidate.features, head.features, ownRow) ?? headFeatures(candidate.features, vector, text);
    const [given, without] = expertEvidence(candidate, row);
    return given.map((p, k) => p / (without[k] as number));
  });
  return fitEvidenceWeight(base, evidence, rows.labels);
}
