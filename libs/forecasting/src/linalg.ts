import { cholesky, forwardSubstitute } from '@demand/ml';

/** Dense symmetric positive-definite solve by Cholesky (pivots floored at 1e-12); `a` is row-major n×n. */
export function solveSpd(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const l = cholesky(a, { minPivot: 1e-12 });
  const z = forwardSubstitute(l, b);
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}
