import { type ForecastModel, normalForecast } from '../model.js';
import { nelderMead } from '../nelder-mead.js';
import { mean } from '../stats.js';
import {
  type ArimaCoefficients,
  type ArimaOrder,
  arimaForecast,
  cssResiduals,
  fullPolynomials,
  toStationary,
} from './arima-core.js';
import { difference, ndiffs, nsdiffs } from './unit-root.js';

export interface ArimaState {
  order: ArimaOrder;
  model: string;
  coefficients: ArimaCoefficients;
  sigma2: number;
  aicc: number;
  /** The series and its residuals (0 where CSS conditions), kept so update() can continue them. */
  y: number[];
  e: number[];
}

export interface AutoArimaOptions {
  maxP?: number;
  maxQ?: number;
  maxSeasonalP?: number;
  maxSeasonalQ?: number;
  /** Most candidate models the stepwise search fits (R's default is 94). */
  maxModels?: number;
  maxIterations?: number;
}

export function orderName(o: ArimaOrder): string {
  const seasonal = o.m > 1 && o.P + o.D + o.Q > 0 ? `(${o.P},${o.D},${o.Q})[${o.m}]` : '';
  return `ARIMA(${o.p},${o.d},${o.q})${seasonal}${o.constant ? (o.d + o.D === 1 ? ' with drift' : ' with mean') : ''}`;
}

function differenced(y: readonly number[], order: ArimaOrder): number[] {
  let w = [...y];
  for (let i = 0; i < order.D; i++) w = difference(w, order.m);
  for (let i = 0; i < order.d; i++) w = difference(w, 1);
  return w;
}

/** Fits one order by conditional sum of squares (Nelder–Mead over stationary/invertible transforms). */
export function fitArimaOrder(y: readonly number[], order: ArimaOrder, maxIterations = 500): ArimaState {
  const w = differenced(y, order);
  const mu0 = order.constant ? mean(w) : 0;
  const k = order.p + order.q + order.P + order.Q;
  const decode = (x: readonly number[]): ArimaCoefficients => {
    let i = 0;
    const take = (len: number) => x.slice(i, (i += len));
    const ar = toStationary(take(order.p));
    const ma = toStationary(take(order.q)).map((v) => -v);
    const sar = toStationary(take(order.P));
    const sma = toStationary(take(order.Q)).map((v) => -v);
    return { ar, ma, sar, sma, mean: order.constant ? x[i]! : 0 };
  };
  const sse = (x: number[]) => {
    const c = decode(x);
    const { ar, ma } = fullPolynomials(order, c);
    return cssResiduals(w, ar, ma, c.mean).sse;
  };
  const start = new Array<number>(k).fill(0);
  if (order.constant) start.push(mu0);
  const sdW = Math.sqrt(mean(w.map((v) => (v - mu0) ** 2))) || 1;
  const step = start.map((_, i) => (i < k ? 0.1 : 0.1 * sdW));
  const best = start.length > 0 ? nelderMead(sse, start, { maxIterations, step }).x : [];
  const coefficients = decode(best);
  const { ar, ma } = fullPolynomials(order, coefficients);
  const { e, sse: rss, used } = cssResiduals(w, ar, ma, coefficients.mean);
  const sigma2 = rss / Math.max(1, used);
  const np = start.length + 1;
  // As R's arima with method "CSS": the likelihood counts every differenced point, so that orders
  // that condition on more points are not rewarded for having fewer residuals.
  const nUsed = w.length;
  const loglik = -0.5 * nUsed * (Math.log(2 * Math.PI * Math.max(sigma2, 1e-300)) + 1);
  const aicc = nUsed - np - 1 > 0 ? -2 * loglik + 2 * np + (2 * np * (np + 1)) / (nUsed - np - 1) : Infinity;
  const offset = y.length - w.length;
  return {
    order,
    model: orderName(order),
    coefficients,
    sigma2,
    aicc: Number.isFinite(aicc) ? aicc : Infinity,
    y: [...y],
    e: [...new Array<number>(offset).fill(0), ...e],
  };
}

/**
 * Automatic seasonal ARIMA after Hyndman & Khandakar (2008): D by the seasonal-strength test, d by
 * repeated KPSS tests, then a stepwise search over p, q, P, Q and the constant by AICc, starting
 * from (2,d,2)(1,D,1), (0,d,0)(0,D,0), (1,d,0)(1,D,0), (0,d,1)(0,D,1) and moving to the best
 * neighbour (±1 on one or two orders, constant toggled) until none improves. Fitting is CSS
 * (R's default CSS-ML finishes with exact likelihood; the orders it picks mostly agree).
 */
export function createAutoArima(options: AutoArimaOptions = {}): ForecastModel<ArimaState> {
  const maxP = options.maxP ?? 5;
  const maxQ = options.maxQ ?? 5;
  const maxSP = options.maxSeasonalP ?? 2;
  const maxSQ = options.maxSeasonalQ ?? 2;
  const maxModels = options.maxModels ?? 60;
  return {
    name: 'arima',
    minLength: () => 10,
    fit(y, { period }) {
      const seasonal = period > 1 && y.length >= 3 * period;
      const m = seasonal ? period : 1;
      const D = seasonal ? nsdiffs(y, m) : 0;
      const d = ndiffs(D > 0 ? difference(y, m) : [...y]);
      const base = (p: number, q: number, P: number, Q: number, constant: boolean): ArimaOrder => ({
        p,
        d,
        q,
        P: seasonal ? P : 0,
        D,
        Q: seasonal ? Q : 0,
        m,
        constant: constant && d + D <= 1,
      });
      const tried = new Map<string, ArimaState>();
      const usable = (o: ArimaOrder) =>
        o.p >= 0 && o.q >= 0 && o.P >= 0 && o.Q >= 0 && o.p <= maxP && o.q <= maxQ && o.P <= maxSP && o.Q <= maxSQ;
      const tryOrder = (o: ArimaOrder): ArimaState | undefined => {
        const key = orderName(o);
        if (!usable(o) || tried.size >= maxModels) return tried.get(key);
        if (!tried.has(key)) {
          const length = y.length - o.d - o.D * o.m;
          if (length <= o.p + o.q + (o.P + o.Q) * o.m + 3) return undefined;
          tried.set(key, fitArimaOrder(y, o, options.maxIterations));
        }
        return tried.get(key);
      };
      let best: ArimaState | undefined;
      for (const o of [
        base(2, 2, 1, 1, true),
        base(0, 0, 0, 0, true),
        base(1, 0, 1, 0, true),
        base(0, 1, 0, 1, true),
      ]) {
        const fitted = tryOrder(o);
        if (fitted && (!best || fitted.aicc < best.aicc)) best = fitted;
      }
      if (!best) return fitArimaOrder(y, base(0, 0, 0, 0, true));
      let improved = true;
      while (improved && tried.size < maxModels) {
        improved = false;
        const o = best.order;
        const moves: [number, number, number, number, boolean][] = [
          [-1, 0, 0, 0, o.constant],
          [1, 0, 0, 0, o.constant],
          [0, -1, 0, 0, o.constant],
          [0, 1, 0, 0, o.constant],
          [-1, -1, 0, 0, o.constant],
          [1, 1, 0, 0, o.constant],
          [0, 0, -1, 0, o.constant],
          [0, 0, 1, 0, o.constant],
          [0, 0, 0, -1, o.constant],
          [0, 0, 0, 1, o.constant],
          [0, 0, -1, -1, o.constant],
          [0, 0, 1, 1, o.constant],
          [0, 0, 0, 0, !o.constant],
        ];
        for (const [dp, dq, dP, dQ, constant] of moves) {
          if (!seasonal && (dP !== 0 || dQ !== 0)) continue;
          const fitted = tryOrder(base(o.p + dp, o.q + dq, o.P + dP, o.Q + dQ, constant));
          if (fitted && fitted.aicc < best.aicc - 1e-9) {
            best = fitted;
            improved = true;
            break;
          }
        }
      }
      return best;
    },
    forecast(state, h, levels = [80, 95]) {
      const { mean: path, sd } = arimaForecast(state.y, state.e, state.order, state.coefficients, state.sigma2, h);
      return normalForecast(path, sd, levels);
    },
    update(state, points) {
      const y = [...state.y, ...points];
      const e = [...state.e];
      for (let i = 0; i < points.length; i++) {
        const t = state.y.length + i;
        const oneStep = arimaForecast(y.slice(0, t), e, state.order, state.coefficients, state.sigma2, 1).mean[0]!;
        e.push(y[t]! - oneStep);
      }
      return { ...state, y, e };
    },
  };
}

export const autoArima = createAutoArima();
