import { invalidArgument } from './ml.error.js';

/**
 * Multiplies class probabilities by a second model's evidence, the ratio given_k / without_k (its
 * probabilities on a row over those on a row that says nothing), raised to `weight`, in place, and
 * renormalises: p_k ← p_k · (given_k / without_k)^w / Σ_j …. Weight 1 is a plain product of experts
 * (computed as (p_k · given_k) / without_k), 0 leaves p as it was. Returns `probabilities`.
 */
export function multiplyEvidence(
  probabilities: Float64Array,
  given: ArrayLike<number>,
  without: ArrayLike<number>,
  weight = 1,
): Float64Array {
  if (given.length !== probabilities.length || without.length !== probabilities.length)
    throw invalidArgument(`${probabilities.length} probabilities but ${given.length} / ${without.length} evidence`);
  let sum = 0;
  for (let k = 0; k < probabilities.length; k++) {
    probabilities[k] =
      weight === 1
        ? (probabilities[k]! * given[k]!) / without[k]!
        : probabilities[k]! * (given[k]! / without[k]!) ** weight;
    sum += probabilities[k]!;
  }
  for (let k = 0; k < probabilities.length; k++) probabilities[k] = probabilities[k]! / sum;
  return probabilities;
}

/**
 * Mean negative log-likelihood of `labels` under the probabilities fused with `weight` (multiplyEvidence), the
 * evidence of each row given as its ratio.
 */
export function fusedLogLoss(
  probabilities: readonly ArrayLike<number>[],
  evidence: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  weight: number,
): number {
  let loss = 0;
  for (let i = 0; i < labels.length; i++) {
    const ratio = evidence[i]!;
    const fused = multiplyEvidence(
      Float64Array.from(probabilities[i]!),
      ratio,
      new Float64Array(ratio.length).fill(1),
      weight,
    );
    loss -= Math.log(Math.max(fused[labels[i]!]!, 1e-300));
  }
  return loss / labels.length;
}

/**
 * The evidence weight in [0, maxWeight] with the least fusedLogLoss on held-out rows (a one-parameter
 * stacking meta-model). The loss is convex in the weight (a log-sum-exp of lines minus a line), so a
 * golden-section search finds its minimum to within `tolerance`.
 */
export function fitEvidenceWeight(
  probabilities: readonly ArrayLike<number>[],
  evidence: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: { maxWeight?: number; tolerance?: number } = {},
): number {
  if (probabilities.length !== labels.length || evidence.length !== labels.length)
    throw invalidArgument('probabilities, evidence and labels need one entry per row');
  if (labels.length === 0) throw invalidArgument('fitting an evidence weight needs held-out rows');
  const [maxWeight, tolerance] = [options.maxWeight ?? 4, options.tolerance ?? 1e-4];
  if (!(maxWeight > 0) || !(tolerance > 0)) throw invalidArgument('maxWeight and tolerance must be positive');
  const loss = (w: number) => fusedLogLoss(probabilities, evidence, labels, w);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [low, high] = [0, maxWeight];
  let [a, b] = [high - ratio * (high - low), low + ratio * (high - low)];
  let [lossA, lossB] = [loss(a), loss(b)];
  while (high - low > tolerance) {
    if (lossA <= lossB) {
      [high, b, lossB] = [b, a, lossA];
      a = high - ratio * (high - low);
      lossA = loss(a);
    } else {
      [low, a, lossA] = [a, b, lossB];
      b = low + ratio * (high - low);
      lossB = loss(b);
    }
  }
  const middle = (low + high) / 2;
  // The ends are candidates too: a weight of 0 (evidence useless) or the cap.
  return [0, middle, maxWeight].reduce((best, w) => (loss(w) < loss(best) ? w : best), middle);
}
