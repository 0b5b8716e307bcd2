/**
 * The training objective of a one-hidden-layer perceptron with tanh units and a softmax output.
 *
 * Parameters live in one Float64Array `theta`: W1 (H×D), b1 (H), W2 (K×H), b2 (K).
 *   h = tanh(W1·x + b1),  z = W2·h + b2,  p = softmax(z)
 *   loss = (1/|B|) Σ_i −log p_i[y_i] + (l2/2) · (‖W1‖² + ‖W2‖²)      (biases not penalised)
 * Backpropagation: δz = p − onehot(y);  ∂W2 = δz ⊗ h;  δh = W2ᵀ·δz ⊙ (1 − h²);  ∂W1 = δh ⊗ x.
 */
import { softmaxInPlace } from '../softmax-regression/objective.js';

export interface MlpShape {
  dims: number;
  hidden: number;
  numClasses: number;
}

export interface MlpLayout {
  w1: number;
  b1: number;
  w2: number;
  b2: number;
  size: number;
}

export function mlpLayout({ dims, hidden, numClasses }: MlpShape): MlpLayout {
  const b1 = hidden * dims;
  const w2 = b1 + hidden;
  const b2 = w2 + numClasses * hidden;
  return { w1: 0, b1, w2, b2, size: b2 + numClasses };
}

/** Fills `hiddenOut` with the hidden activations and `logitsOut` with the class scores. */
export function mlpForward(
  theta: Float64Array,
  shape: MlpShape,
  x: Float32Array,
  hiddenOut: Float64Array,
  logitsOut: Float64Array,
): Float64Array {
  const { dims, hidden, numClasses } = shape;
  const at = mlpLayout(shape);
  for (let u = 0; u < hidden; u++) {
    let a = theta[at.b1 + u]!;
    const row = at.w1 + u * dims;
    for (let j = 0; j < dims; j++) a += theta[row + j]! * x[j]!;
    hiddenOut[u] = Math.tanh(a);
  }
  for (let k = 0; k < numClasses; k++) {
    let z = theta[at.b2 + k]!;
    const row = at.w2 + k * hidden;
    for (let u = 0; u < hidden; u++) z += theta[row + u]! * hiddenOut[u]!;
    logitsOut[k] = z;
  }
  return logitsOut;
}

export interface ClassRows {
  rows: readonly Float32Array[];
  labels: ArrayLike<number>;
}

/** Writes the gradient of the batch objective into `gradient` and returns the loss. */
export function mlpLossAndGradient(
  theta: Float64Array,
  shape: MlpShape,
  data: ClassRows,
  batch: ArrayLike<number>,
  l2: number,
  gradient: Float64Array,
): number {
  const { dims, hidden, numClasses } = shape;
  const at = mlpLayout(shape);
  const h = new Float64Array(hidden);
  const p = new Float64Array(numClasses);
  const deltaHidden = new Float64Array(hidden);
  gradient.fill(0);
  let loss = 0;
  for (let b = 0; b < batch.length; b++) {
    const i = batch[b]!;
    const x = data.rows[i]!;
    const label = data.labels[i]!;
    mlpForward(theta, shape, x, h, p);
    const correctLogit = p[label]!;
    loss += softmaxInPlace(p) - correctLogit;
    deltaHidden.fill(0);
    for (let k = 0; k < numClasses; k++) {
      const delta = p[k]! - (k === label ? 1 : 0);
      const row = at.w2 + k * hidden;
      for (let u = 0; u < hidden; u++) {
        gradient[row + u] = gradient[row + u]! + delta * h[u]!;
        deltaHidden[u] = deltaHidden[u]! + delta * theta[row + u]!;
      }
      gradient[at.b2 + k] = gradient[at.b2 + k]! + delta;
    }
    for (let u = 0; u < hidden; u++) {
      const delta = deltaHidden[u]! * (1 - h[u]! * h[u]!);
      const row = at.w1 + u * dims;
      for (let j = 0; j < dims; j++) gradient[row + j] = gradient[row + j]! + delta * x[j]!;
      gradient[at.b1 + u] = gradient[at.b1 + u]! + delta;
    }
  }
  const n = batch.length;
  let squaredNorm = 0;
  for (let q = 0; q < at.size; q++) {
    const penalised = q < at.b1 || (q >= at.w2 && q < at.b2);
    const w = theta[q]!;
    if (penalised) squaredNorm += w * w;
    gradient[q] = gradient[q]! / n + (penalised ? l2 * w : 0);
  }
  return loss / n + 0.5 * l2 * squaredNorm;
}

/** Mean cross-entropy over the given rows (no penalty): the early-stopping score. */
export function mlpCrossEntropy(
  theta: Float64Array,
  shape: MlpShape,
  data: ClassRows,
  indices: ArrayLike<number>,
): number {
  const h = new Float64Array(shape.hidden);
  const p = new Float64Array(shape.numClasses);
  let loss = 0;
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    const label = data.labels[i]!;
    mlpForward(theta, shape, data.rows[i]!, h, p);
    const correctLogit = p[label]!;
    loss += softmaxInPlace(p) - correctLogit;
  }
  return loss / indices.length;
}
