import type { VectorInput } from '../vector-store.port.js';

/** A float32 copy scaled to unit length (a zero vector stays zero), as Qdrant stores cosine vectors. */
export function toUnitVector(vector: VectorInput): Float32Array {
  const unit = Float32Array.from(vector);
  let squares = 0;
  for (let i = 0; i < unit.length; i++) squares += unit[i] * unit[i];
  const norm = Math.sqrt(squares);
  if (norm > 0) for (let i = 0; i < unit.length; i++) unit[i] /= norm;
  return unit;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
