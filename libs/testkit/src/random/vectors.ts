/** Small dense-vector helpers for the hidden taste space. */

export type Vector = Float64Array;

export function dot(a: Vector, b: Vector): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function normalize(v: Vector): Vector {
  const norm = Math.sqrt(dot(v, v)) || 1;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

/** `base + scale * noise`, where noise is standard normal per dimension. */
export function jitter(base: Vector, scale: number, normal: () => number): Vector {
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) out[i] = base[i]! + scale * normal();
  return out;
}

export function randomUnitVector(dims: number, normal: () => number): Vector {
  return normalize(jitter(new Float64Array(dims), 1, normal));
}

/** Σ weight_k · vectors_k. */
export function weightedSum(vectors: readonly Vector[], weights: readonly number[], dims: number): Vector {
  const out = new Float64Array(dims);
  vectors.forEach((v, k) => {
    for (let i = 0; i < dims; i++) out[i] = out[i]! + weights[k]! * v[i]!;
  });
  return out;
}
