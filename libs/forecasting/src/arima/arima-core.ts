/** Seasonal ARIMA(p,d,q)(P,D,Q)m arithmetic: polynomials, conditional sum of squares, forecasts. */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  m: number;
  /** A mean of the differenced series (a drift when d + D = 1). */
  constant: boolean;
}

export interface ArimaCoefficients {
  ar: number[];
  ma: number[];
  sar: number[];
  sma: number[];
  mean: number;
}

/**
 * Maps unconstrained values to the coefficients of a stationary AR polynomial 1 − Σ a_i Bⁱ
 * (tanh to partial autocorrelations, then Durbin–Levinson; Jones 1980, as R's arima does).
 */
export function toStationary(raw: readonly number[]): number[] {
  const pacf = raw.map((u) => Math.tanh(u));
  const a: number[] = [];
  for (let k = 0; k < pacf.length; k++) {
    const next = [...a];
    for (let j = 0; j < k; j++) next[j] = a[j]! - pacf[k]! * a[k - 1 - j]!;
    next[k] = pacf[k]!;
    a.splice(0, a.length, ...next);
  }
  return a;
}

/** Coefficients c_1..c_n of (1 + Σ a_i Bⁱ)(1 + Σ b_j B^{jm}) with `sign` = −1 for AR polynomials. */
export function expand(nonSeasonal: readonly number[], seasonal: readonly number[], m: number, sign: 1 | -1): number[] {
  const left = [1, ...nonSeasonal.map((v) => sign * v)];
  const right = new Array<number>(seasonal.length * m + 1).fill(0);
  right[0] = 1;
  seasonal.forEach((v, j) => {
    right[(j + 1) * m] = sign * v;
  });
  const product = multiply(left, right);
  return product.slice(1).map((v) => sign * v);
}

export function multiply(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j]! += a[i]! * b[j]!;
  return out;
}

/** The AR and MA coefficients in full: w_t − μ = Σ ar_i (w_{t−i} − μ) + e_t + Σ ma_j e_{t−j}. */
export function fullPolynomials(order: ArimaOrder, c: ArimaCoefficients): { ar: number[]; ma: number[] } {
  return { ar: expand(c.ar, c.sar, order.m, -1), ma: expand(c.ma, c.sma, order.m, 1) };
}

/** Conditional sum of squares: residuals from t = len(ar) on, earlier residuals taken as 0. */
export function cssResiduals(w: ArrayLike<number>, ar: readonly number[], ma: readonly number[], mu: number) {
  const n = w.length;
  const start = ar.length;
  const e = new Float64Array(n);
  let sse = 0;
  for (let t = start; t < n; t++) {
    let v = w[t]! - mu;
    for (let i = 0; i < ar.length; i++) v -= ar[i]! * (w[t - 1 - i]! - mu);
    for (let j = 0; j < ma.length && j < t; j++) v -= ma[j]! * e[t - 1 - j]!;
    e[t] = v;
    sse += v * v;
  }
  return { e, sse, used: n - start };
}

/** The differencing operator (1 − B)^d (1 − B^m)^D as coefficients of the series' own polynomial. */
export function differencingPolynomial(order: ArimaOrder): number[] {
  let poly = [1];
  for (let i = 0; i < order.d; i++) poly = multiply(poly, [1, -1]);
  for (let i = 0; i < order.D; i++) {
    const s = new Array<number>(order.m + 1).fill(0);
    s[0] = 1;
    s[order.m] = -1;
    poly = multiply(poly, s);
  }
  return poly;
}

/**
 * Forecasts of the undifferenced series: y_t = Σ A_i y_{t−i} + c + e_t + Σ ma_j e_{t−j} with
 * 1 − ΣA_i Bⁱ = φ(B)Φ(B^m)(1−B)^d(1−B^m)^D and c = μ·φ(1)Φ(1); future errors 0. ψ-weights give the
 * variances σ²Σ_{j<h} ψ_j².
 */
export function arimaForecast(
  y: readonly number[],
  e: readonly number[],
  order: ArimaOrder,
  c: ArimaCoefficients,
  sigma2: number,
  h: number,
): { mean: number[]; sd: number[] } {
  const { ar, ma } = fullPolynomials(order, c);
  const arPoly = multiply([1, ...ar.map((v) => -v)], differencingPolynomial(order));
  const A = arPoly.slice(1).map((v) => -v);
  const constant = c.mean * (1 - ar.reduce((s, v) => s + v, 0));
  const history = [...y];
  const errors = [...e];
  const n = y.length;
  const mean: number[] = [];
  for (let i = 0; i < h; i++) {
    const t = n + i;
    let v = constant;
    for (let k = 0; k < A.length; k++) v += A[k]! * (history[t - 1 - k] ?? 0);
    for (let j = 0; j < ma.length; j++) v += ma[j]! * (errors[t - 1 - j] ?? 0);
    history.push(v);
    errors.push(0);
    mean.push(v);
  }
  const psi = [1];
  for (let j = 1; j < h; j++) {
    let v = j <= ma.length ? ma[j - 1]! : 0;
    for (let k = 1; k <= j && k <= A.length; k++) v += A[k - 1]! * psi[j - k]!;
    psi.push(v);
  }
  const sd: number[] = [];
  let cum = 0;
  for (let j = 0; j < h; j++) {
    cum += psi[j]! ** 2;
    sd.push(Math.sqrt(sigma2 * cum));
  }
  return { mean, sd };
}
