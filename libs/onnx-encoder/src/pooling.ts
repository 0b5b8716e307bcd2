import type { PoolingMode } from './encoder-config.js';

/** A model output of shape [batch, sequence, hidden], flat and row-major. */
export interface HiddenStates {
  data: Float32Array;
  batch: number;
  sequence: number;
  hidden: number;
}

/** One vector per text: the [CLS] state, or the mean over tokens whose attention mask is 1. */
export function poolHiddenStates(
  states: HiddenStates,
  attentionMask: ArrayLike<number>,
  mode: PoolingMode,
): Float32Array[] {
  const { data, batch, sequence, hidden } = states;
  const vectors: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const rowStart = b * sequence * hidden;
    if (mode === 'cls') {
      vectors.push(data.slice(rowStart, rowStart + hidden));
      continue;
    }
    const sum = new Float64Array(hidden);
    let count = 0;
    for (let s = 0; s < sequence; s++) {
      if ((attentionMask[b * sequence + s] ?? 0) === 0) continue;
      count++;
      const offset = rowStart + s * hidden;
      for (let k = 0; k < hidden; k++) sum[k] = (sum[k] ?? 0) + (data[offset + k] ?? 0);
    }
    vectors.push(Float32Array.from(sum, (value) => value / Math.max(count, 1e-9)));
  }
  return vectors;
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function l2NormalizeInPlace(vector: Float32Array): Float32Array {
  let squares = 0;
  for (const value of vector) squares += value * value;
  const norm = Math.sqrt(squares);
  if (norm > 0) for (let k = 0; k < vector.length; k++) vector[k] = (vector[k] ?? 0) / norm;
  return vector;
}
