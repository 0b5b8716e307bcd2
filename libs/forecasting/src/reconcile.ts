import { invalidSeries } from './forecast.error.js';

/** A two-level tree: items, each in one category, all in the shop. */
export interface Hierarchy {
  /** Category index of each item. */
  categoryOf: readonly number[];
  categories: number;
}

export interface LevelForecasts {
  items: number[][];
  categories: number[][];
  shop: number[];
}

export type ReconcileMethod = 'bottom_up' | 'wls';

/**
 * Makes item, category and shop forecasts add up. Bottom-up sums the items. WLS (Wickramasuriya,
 * Athanasopoulos & Hyndman 2019, with a diagonal error covariance) projects all base forecasts on
 * the coherent subspace: b̃ = (SᵀW⁻¹S)⁻¹SᵀW⁻¹ŷ, one solve per step; with `weights` = 1 it is OLS
 * reconciliation, with backtest error variances it is MinT's "wls_var" variant.
 */
export function reconcile(
  base: LevelForecasts,
  tree: Hierarchy,
  method: ReconcileMethod,
  variances?: { items: readonly number[]; categories: readonly number[]; shop: number },
): LevelForecasts {
  const nItems = tree.categoryOf.length;
  if (base.items.length !== nItems) throw invalidSeries('items', `expected ${nItems} item forecasts`);
  const h = base.shop.length;
  let bottom = base.items.map((f) => [...f]);
  if (method === 'wls') {
    const wItem = (i: number) => 1 / Math.max(variances?.items[i] ?? 1, 1e-12);
    const wCat = (c: number) => 1 / Math.max(variances?.categories[c] ?? 1, 1e-12);
    const wShop = 1 / Math.max(variances?.shop ?? 1, 1e-12);
    // SᵀW⁻¹S = D + Σ_c wCat(c)·1_c1_cᵀ + wShop·11ᵀ with D = diag(wItem); solved by two Sherman–Morrison-style
    // reductions: first within each category block, then the rank-one shop term.
    bottom = [];
    for (let i = 0; i < nItems; i++) bottom.push(new Array<number>(h).fill(0));
    for (let step = 0; step < h; step++) {
      const rhs = Array.from({ length: nItems }, (_, i) => {
        const c = tree.categoryOf[i]!;
        return wItem(i) * base.items[i]![step]! + wCat(c) * base.categories[c]![step]! + wShop * base.shop[step]!;
      });
      const solveBlocks = (v: readonly number[]) => {
        const sums = new Array<number>(tree.categories).fill(0);
        const inv = new Array<number>(tree.categories).fill(0);
        for (let i = 0; i < nItems; i++) {
          sums[tree.categoryOf[i]!]! += v[i]! / wItem(i);
          inv[tree.categoryOf[i]!]! += 1 / wItem(i);
        }
        return v.map((x, i) => {
          const c = tree.categoryOf[i]!;
          return x / wItem(i) - (wCat(c) * sums[c]!) / (1 + wCat(c) * inv[c]!) / wItem(i);
        });
      };
      const a = solveBlocks(rhs);
      const u = solveBlocks(new Array<number>(nItems).fill(1));
      const sumA = a.reduce((s, v) => s + v, 0);
      const sumU = u.reduce((s, v) => s + v, 0);
      const factor = (wShop * sumA) / (1 + wShop * sumU);
      for (let i = 0; i < nItems; i++) bottom[i]![step] = a[i]! - factor * u[i]!;
    }
  }
  const categories = Array.from({ length: tree.categories }, () => new Array<number>(h).fill(0));
  bottom.forEach((f, i) => {
    for (let s = 0; s < h; s++) categories[tree.categoryOf[i]!]![s]! += f[s]!;
  });
  const shop = new Array<number>(h).fill(0);
  for (const f of categories) for (let s = 0; s < h; s++) shop[s]! += f[s]!;
  return { items: bottom, categories, shop };
}
