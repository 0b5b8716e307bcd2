import { invalidArgument } from './ml.error.js';

type Vector = ArrayLike<number>;

function sameLength(a: Vector, b: Vector): void {
  if (a.length !== b.length) throw invalidArgument(`vector lengths differ: ${a.length} vs ${b.length}`);
}

export function dot(a: Vector, b: Vector): number {
  sameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function l2Norm(a: Vector): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * a[i]!;
  return Math.sqrt(sum);
}

/** Cosine similarity; 0 when either vector is all zeros. */
export function cosine(a: Vector, b: Vector): number {
  const denominator = l2Norm(a) * l2Norm(b);
  return denominator === 0 ? 0 : dot(a, b) / denominator;
}

/** A unit-length copy of `a` (a zero vector stays zero). */
export function l2Normalize(a: Vector): Float32Array {
  const out = Float32Array.from(a);
  const norm = l2Norm(a);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}
