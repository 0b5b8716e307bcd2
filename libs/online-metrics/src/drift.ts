import { compareProportions, type Proportion } from './ab-test.js';
import { populationStabilityIndex, unseenTokenShare } from './psi.js';

export interface DriftThresholds {
  /** PSI above this on a key feature is input drift. */
  featurePsi: number;
  /** PSI above this on text lengths is text drift. */
  textLengthPsi: number;
  /** Share of current tokens unseen in the reference above this is vocabulary drift. */
  unseenTokenShare: number;
  /** PSI above this on served scores is score drift. */
  scorePsi: number;
  /** A relative drop of the champion's online rate above this (and significant) is a metric drop. */
  onlineDrop: number;
  /** Fewest values per side before a detector speaks. */
  minSamples: number;
}

/** Reference (the window the model was trained or last judged on) and current values of each signal. */
export interface DriftInputs {
  features: { name: string; reference: readonly number[]; current: readonly number[] }[];
  textLengths?: { reference: readonly number[]; current: readonly number[] };
  tokens?: { reference: readonly string[]; current: readonly string[] };
  scores?: { reference: readonly number[]; current: readonly number[] };
  championOnline?: { reference: Proportion; current: Proportion };
}

export interface DriftFinding {
  detector: 'feature_psi' | 'text_length_psi' | 'unseen_tokens' | 'score_psi' | 'online_drop';
  subject: string;
  value: number;
  threshold: number;
  drifted: boolean;
}

/** Runs every detector that has enough data; a finding with `drifted` names what moved and by how much. */
export function detectDrift(inputs: DriftInputs, thresholds: DriftThresholds): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const enough = (a: readonly unknown[], b: readonly unknown[]) =>
    a.length >= thresholds.minSamples && b.length >= thresholds.minSamples;
  const psi = (
    detector: DriftFinding['detector'],
    subject: string,
    values: { reference: readonly number[]; current: readonly number[] } | undefined,
    threshold: number,
  ) => {
    if (!values || !enough(values.reference, values.current)) return;
    const value = populationStabilityIndex(values.reference, values.current);
    findings.push({ detector, subject, value, threshold, drifted: value > threshold });
  };
  for (const feature of inputs.features) psi('feature_psi', feature.name, feature, thresholds.featurePsi);
  psi('text_length_psi', 'text length', inputs.textLengths, thresholds.textLengthPsi);
  if (inputs.tokens && enough(inputs.tokens.reference, inputs.tokens.current)) {
    const value = unseenTokenShare(inputs.tokens.reference, inputs.tokens.current);
    const threshold = thresholds.unseenTokenShare;
    findings.push({
      detector: 'unseen_tokens',
      subject: 'text vocabulary',
      value,
      threshold,
      drifted: value > threshold,
    });
  }
  psi('score_psi', 'served scores', inputs.scores, thresholds.scorePsi);
  const online = inputs.championOnline;
  if (online && online.reference.trials >= thresholds.minSamples && online.current.trials >= thresholds.minSamples) {
    const before = online.reference.successes / online.reference.trials;
    const now = online.current.successes / online.current.trials;
    const drop = before > 0 ? (before - now) / before : 0;
    const test = compareProportions(online.reference, online.current, { confidence: 0.95, minTrials: 0, minEvents: 0 });
    const significant = test.enoughData && test.significant && test.difference < 0;
    findings.push({
      detector: 'online_drop',
      subject: 'champion CTR',
      value: drop,
      threshold: thresholds.onlineDrop,
      drifted: drop > thresholds.onlineDrop && significant,
    });
  }
  return findings;
}

/** One line per drifted finding, for the retraining request's reason. */
export function driftReason(findings: readonly DriftFinding[]): string {
  return findings
    .filter((f) => f.drifted)
    .map((f) => `drift: ${f.detector} ${f.subject} ${f.value.toFixed(3)} > ${f.threshold}`)
    .join('; ');
}
