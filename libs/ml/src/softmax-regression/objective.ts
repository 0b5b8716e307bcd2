/**
 * The training objective of multinomial logistic regression, as plain functions.
 *
 * Parameters live in one Float64Array `theta`: the K×D weight matrix (one row per class),
 * then the K biases. For a batch B with class weights w:
 *   loss = (1/|B|) Σ_i w[y_i] · (−log p_i[y_i]) + (l2/2) · ‖W‖²      (biases not penalised)
 *   ∂loss/∂W_k = (1/|B|) Σ_i w[y_i] · (p_i[k] − [y_i = k]) · x_i + l2 · W_k
 *   ∂loss/∂b_k = (1/|B|) Σ_i w[y_i] · (p_i[k] − [y_i = k])
 */
export interface SoftmaxShape {
  numClasses: number;
  dims: number;
}

export function parameterCount(shape: SoftmaxShape): number {
  return shape.numClasses * (shape.dims + 1);
}

/** out[k] = b_k + W_k · x */
export function computeLogits(
  theta: Float64Array,
  shape: SoftmaxShape,
  x: Float32Array,
  out: Float64Array,
): Float64Array {
  const { numClasses, dims } = shape;
  const biasOffset = numClasses * dims;
  for (let k = 0; k < numClasses; k++) {
    let z = theta[biasOffset + k]!;
    const rowOffset = k * dims;
    for (let j = 0; j < dims; j++) z += theta[rowOffset + j]! * x[j]!;
    out[k] = z;
  }
  return out;
}

/** Turns logits into probabilities in place; returns log Σ exp(logits) for the loss. */
export function softmaxInPlace(values: Float64Array): number {
  let max = -Infinity;
  for (let k = 0; k < values.length; k++) max = Math.max(max, values[k]!);
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    const e = Math.exp(values[k]! - max);
    values[k] = e;
    sum += e;
  }
  for (let k = 0; k < values.length; k++) values[k] = values[k]! / sum;
  return max + Math.log(sum);
}

export interface LabelledRows {
  rows: readonly Float32Array[];
  labels: ArrayLike<number>;
  classWeights: Float64Array;
}

/** Writes the gradient of the batch objective into `gradient` and returns the loss. */
export function lossAndGradient(
  theta: Float64Array,
  shape: SoftmaxShape,
  data: LabelledRows,
  batch: ArrayLike<number>,
  l2: number,
  gradient: Float64Array,
): number {
  const { numClasses, dims } = shape;
  const biasOffset = numClasses * dims;
  const scores = new Float64Array(numClasses);
  gradient.fill(0);
  let loss = 0;
  for (let b = 0; b < batch.length; b++) {
    const i = batch[b]!;
    const x = data.rows[i]!;
    const label = data.labels[i]!;
    const weight = data.classWeights[label]!;
    computeLogits(theta, shape, x, scores);
    const correctLogit = scores[label]!;
    loss += weight * (softmaxInPlace(scores) - correctLogit);
    for (let k = 0; k < numClasses; k++) {
      const residual = weight * (scores[k]! - (k === label ? 1 : 0));
      if (residual === 0) continue;
      const rowOffset = k * dims;
      for (let j = 0; j < dims; j++) gradient[rowOffset + j] = gradient[rowOffset + j]! + residual * x[j]!;
      gradient[biasOffset + k] = gradient[biasOffset + k]! + residual;
    }
  }
  const n = batch.length;
  let squaredNorm = 0;
  for (let p = 0; p < biasOffset; p++) {
    const w = theta[p]!;
    squaredNorm += w * w;
    gradient[p] = gradient[p]! / n + l2 * w;
  }
  for (let p = biasOffset; p < gradient.length; p++) gradient[p] = gradient[p]! / n;
  return loss / n + 0.5 * l2 * squaredNorm;
}

/** Mean weighted cross-entropy over the given rows (no penalty): the early-stopping score. */
export function weightedCrossEntropy(
  theta: Float64Array,
  shape: SoftmaxShape,
  data: LabelledRows,
  indices: ArrayLike<number>,
): number {
  const scores = new Float64Array(shape.numClasses);
  let loss = 0;
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    const label = data.labels[i]!;
    computeLogits(theta, shape, data.rows[i]!, scores);
    const correctLogit = scores[label]!;
    loss += data.classWeights[label]! * (softmaxInPlace(scores) - correctLogit);
  }
  return loss / indices.length;
}

export type ClassWeighting = 'balanced' | readonly number[];

/** 'balanced' gives class k the weight n / (K · n_k), as scikit-learn does; absent classes get 1. */
export function classWeightsFor(
  labels: ArrayLike<number>,
  numClasses: number,
  weighting?: ClassWeighting,
): Float64Array {
  const weights = new Float64Array(numClasses).fill(1);
  if (weighting === undefined) return weights;
  if (weighting !== 'balanced') {
    weighting.forEach((w, k) => (weights[k] = w));
    return weights;
  }
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!] = counts[labels[i]!]! + 1;
  for (let k = 0; k < numClasses; k++) {
    if (counts[k]! > 0) weights[k] = labels.length / (numClasses * counts[k]!);
  }
  return weights;
}
