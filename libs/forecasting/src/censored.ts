/**
 * Demand on days an item could not be bought (out of stock) is not demand: the zero it shows is
 * censored. Each censored point is replaced by an estimate of what would have sold: the mean of
 * the uncensored points at the same position of the last `seasons` seasons, else of the last
 * `2·period` uncensored points before it (at least 7), else 0. The result is what every method fits.
 */
export function imputeCensored(
  y: readonly number[],
  censored: readonly boolean[],
  period: number,
  seasons = 4,
): number[] {
  if (censored.length !== y.length) throw new Error(`censored needs one flag per point (${y.length})`);
  const m = Math.max(1, period);
  const window = Math.max(7, 2 * m);
  return y.map((v, t) => {
    if (!censored[t]) return v;
    const same: number[] = [];
    for (let k = 1; k <= seasons && t - k * m >= 0; k++) if (!censored[t - k * m]) same.push(y[t - k * m]!);
    if (m > 1 && same.length > 0) return same.reduce((a, b) => a + b, 0) / same.length;
    const recent: number[] = [];
    for (let s = t - 1; s >= 0 && recent.length < window; s--) if (!censored[s]) recent.push(y[s]!);
    return recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
  });
}
