import { invalidArgument } from './errors.js';

/**
 * The Yeo–Johnson power transform (Yeo & Johnson 2000) of one value: a Box–Cox transform that also takes
 * zero and negative values. λ = 1 is the identity; λ < 1 pulls in a long right tail, λ > 1 a long left one.
 */
export function yeoJohnson(x: number, lambda: number): number {
  if (x >= 0) return boxCoxOfLog(Math.log1p(x), lambda);
  return -boxCoxOfLog(Math.log1p(-x), 2 - lambda);
}

/** ((1 + x)^λ − 1) / λ from ln(1 + x), without cancellation near λ = 0 (ln(1 + x) itself at λ = 0). */
const boxCoxOfLog = (log: number, lambda: number) => (lambda === 0 ? log : Math.expm1(lambda * log) / lambda);

/** Σ sign(x) ln(|x| + 1): the log-Jacobian of the transform is (λ − 1) times this, whatever λ. */
function yeoJohnsonJacobian(values: ArrayLike<number>): number {
  let jacobian = 0;
  for (let i = 0; i < values.length; i++) jacobian += Math.sign(values[i]!) * Math.log1p(Math.abs(values[i]!));
  return jacobian;
}

/**
 * The profile log-likelihood of λ when the transformed values are taken as one normal sample (their mean and
 * variance at their maximum-likelihood values): −n/2 · ln σ²(λ) + (λ − 1) · Σ sign(x) ln(|x| + 1).
 */
export function yeoJohnsonLogLikelihood(
  values: ArrayLike<number>,
  lambda: number,
  jacobian = yeoJohnsonJacobian(values),
): number {
  const n = values.length;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const y = yeoJohnson(values[i]!, lambda);
    sum += y;
    sumSquares += y * y;
  }
  const variance = Math.max(sumSquares / n - (sum / n) ** 2, Number.MIN_VALUE);
  return (-n / 2) * Math.log(variance) + (lambda - 1) * jacobian;
}

/**
 * λ searched within these bounds, 1 (no change) inside. Above 1 the transform grows like z^λ (λ 4, z 1e6:
 * 2.5e23): capped at 2.5. Below 0 the negative side grows like |z|^(2 − λ), up to |z|^4 at λ −2, which sparse
 * right-tailed columns reach; beyond the fitted range `applyPowerTransform` goes on linearly, so a later user far
 * out moves no faster than linearly in z (the slope at the fitted end), instead of |z|^(2 − λ).
 */
const LAMBDA_RANGE: readonly [number, number] = [-2, 2.5];

/**
 * The λ that makes the values look most like one normal sample (maximum likelihood, golden-section search
 * within [−2, 2.5]). Values should be centred and scaled first, so that λ does not depend on the unit.
 */
export function fitYeoJohnson(values: ArrayLike<number>): number {
  if (values.length < 2) throw invalidArgument(`need at least 2 values to fit a Yeo–Johnson λ (got ${values.length})`);
  const jacobian = yeoJohnsonJacobian(values);
  const objective = (lambda: number) => yeoJohnsonLogLikelihood(values, lambda, jacobian);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [low, high] = LAMBDA_RANGE;
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let fa = objective(a);
  let fb = objective(b);
  while (high - low > 1e-4) {
    if (fa >= fb) {
      high = b;
      (b = a), (fb = fa);
      a = high - ratio * (high - low);
      fa = objective(a);
    } else {
      low = a;
      (a = b), (fa = fb);
      b = low + ratio * (high - low);
      fb = objective(b);
    }
  }
  return (low + high) / 2;
}

/**
 * Per feature: centre and scale, then Yeo–Johnson with that feature's λ (λ 1 with centre 0, scale 1: untouched).
 * `low` and `high`: the fitted z-scores' range, beyond which the transform goes on linearly on its steep side
 * (unused where λ is 1; absent in models saved before them: applied as fitted).
 */
export interface PowerTransformJSON {
  center: number[];
  scale: number[];
  lambda: number[];
  low?: number[];
  high?: number[];
}

/**
 * Fits one λ per column on the columns' z-scores; columns in `keep` are left as they are (λ 1). A constant
 * column is only centred.
 */
export function fitPowerTransform(rows: readonly ArrayLike<number>[], keep: (column: number) => boolean) {
  const width = rows[0]?.length ?? 0;
  const json: Required<PowerTransformJSON> = { center: [], scale: [], lambda: [], low: [], high: [] };
  const column = new Float64Array(rows.length);
  for (let j = 0; j < width; j++) {
    if (keep(j)) {
      json.center.push(0), json.scale.push(1), json.lambda.push(1), json.low.push(0), json.high.push(0);
      continue;
    }
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      const x = rows[i]![j]!;
      (column[i] = x), (sum += x), (min = Math.min(min, x)), (max = Math.max(max, x));
    }
    const mean = sum / rows.length;
    // Two passes: sumSquares / n − mean² leaves rounding noise on a constant column (3000 × 0.1: std 2.5e-8).
    let squares = 0;
    for (let i = 0; i < rows.length; i++) squares += (column[i]! - mean) ** 2;
    const std = Math.sqrt(squares / rows.length);
    const constant = min === max || std <= 1e-12 * Math.max(1, Math.abs(mean));
    const scale = constant ? 1 : std;
    for (let i = 0; i < rows.length; i++) column[i] = (column[i]! - mean) / scale;
    json.center.push(mean), json.scale.push(scale), json.lambda.push(constant ? 1 : fitYeoJohnson(column));
    json.low.push((min - mean) / scale), json.high.push((max - mean) / scale);
  }
  return json;
}

/**
 * Whether `json` is a transform of `width` features: finite centres and λs, positive finite scales, and either no
 * range or both ends, finite, low ≤ high.
 */
export function isPowerTransform(json: PowerTransformJSON, width: number): boolean {
  const finite = (list: unknown, ok: (v: number, j: number) => boolean) =>
    Array.isArray(list) && list.length === width && list.every((v, j) => typeof v === 'number' && ok(v, j));
  const { low, high } = json ?? {};
  const range =
    low === undefined && high === undefined
      ? true
      : finite(low, Number.isFinite) && finite(high, (v, j) => Number.isFinite(v) && low![j]! <= v);
  return (
    typeof json === 'object' &&
    finite(json.center, Number.isFinite) &&
    finite(json.scale, (v) => Number.isFinite(v) && v > 0) &&
    finite(json.lambda, Number.isFinite) &&
    range
  );
}

/**
 * Applies a fitted transform to `row` in place. A guard on the side that grows faster than linear (below zero for
 * λ < 1, as |z|^(2 − λ); above zero for λ > 1, as z^λ): beyond the fitted range there the transform goes on in a
 * straight line along its slope at the range's end, since λ was chosen for the values seen (λ −2, z −50 would give
 * −1.7e6). Order and continuity are kept, and a near-normal column's far z stays about where it was. The other
 * side, λ 1 and models saved without a range are applied as fitted.
 */
export function applyPowerTransform(transform: PowerTransformJSON, row: { [index: number]: number }): void {
  const { center, scale, lambda, low, high } = transform;
  for (let j = 0; j < lambda.length; j++) {
    if (lambda[j] === 1 && center[j] === 0 && scale[j] === 1) continue;
    const z = (row[j]! - center[j]!) / scale[j]!;
    const end = !low || !high ? undefined : lambda[j]! < 1 ? low[j]! : lambda[j]! > 1 ? high[j]! : undefined;
    const beyond = end !== undefined && (lambda[j]! < 1 ? z < end : z > end);
    row[j] = beyond
      ? yeoJohnson(end, lambda[j]!) + yeoJohnsonSlope(end, lambda[j]!) * (z - end)
      : yeoJohnson(z, lambda[j]!);
  }
}

/** The transform's derivative at z: (1 + z)^(λ − 1) at z ≥ 0, (1 − z)^(1 − λ) below. */
function yeoJohnsonSlope(z: number, lambda: number): number {
  return z >= 0 ? Math.exp((lambda - 1) * Math.log1p(z)) : Math.exp((1 - lambda) * Math.log1p(-z));
}
