import type { DemandSeriesSource, ItemDemand } from '../ports/demand-series.port.js';
import { ForecasterError, invalid } from './forecaster.error.js';
import { moverScore } from './mover-score.js';

export type MoverMeasure = 'units' | 'views' | 'carts';
const MEASURES: Record<MoverMeasure, (item: ItemDemand) => number[]> = {
  units: (item) => item.units,
  views: (item) => item.views,
  carts: (item) => item.carts,
};

export interface DemandMoversRequest {
  level: 'item' | 'category' | undefined;
  category: string;
  measure: string;
  recentDays: number;
  priorDays: number;
  throughDay: string;
  limit: number;
}

export interface DemandMoverOut {
  id: string;
  category: string;
  recent: number;
  prior: number;
  expected: number;
  rateRatio: number;
  score: number;
  z: number;
}

export interface DemandMoversOut {
  risers: DemandMoverOut[];
  fallers: DemandMoverOut[];
  measure: MoverMeasure;
  recentFrom: string;
  recentThrough: string;
  priorFrom: string;
  priorThrough: string;
  priorStrength: number;
  compared: number;
}

/** Events' worth of "no change" each score is shrunk with (see moverScore). */
export const MOVER_PRIOR_STRENGTH = 10;
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const shiftDay = (day: string, days: number) => dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);

function inRange(field: string, value: number, fallback: number, max: number): number {
  const v = value || fallback;
  if (!Number.isInteger(v) || v < 1 || v > max) throw invalid(field, `must be an integer in 1..${max} (got ${value})`);
  return v;
}

/** Top risers and fallers of daily demand: the recent window against the period right before it. */
export class DemandMovers {
  constructor(
    private readonly source: DemandSeriesSource,
    private readonly now: () => number = Date.now,
  ) {}

  async list(request: DemandMoversRequest): Promise<DemandMoversOut> {
    if (!request.level) throw invalid('level', 'must be ITEM or CATEGORY');
    if (request.level === 'category' && request.category)
      throw invalid('category', 'filters items: give it with level ITEM only');
    const measure = (request.measure || 'units') as MoverMeasure;
    if (!Object.hasOwn(MEASURES, measure))
      throw invalid('measure', `unknown measure "${request.measure}" (units, views, carts)`);
    const recentDays = inRange('recent_days', request.recentDays, 7, 90);
    const priorDays = inRange('prior_days', request.priorDays, 28, 365);
    const limit = inRange('limit', request.limit, 10, 100);
    const today = dayOf(this.now());
    const through = request.throughDay || shiftDay(today, -1);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(through) || dayOf(Date.parse(`${through}T00:00:00Z`) || 0) !== through)
      throw invalid('through_day', `must be a day YYYY-MM-DD (got "${request.throughDay}")`);
    if (through > today) throw invalid('through_day', `must not be after today (${today})`);
    const recentFrom = shiftDay(through, 1 - recentDays);
    const priorFrom = shiftDay(recentFrom, -priorDays);
    const { items } = await this.source.itemsDemand(priorFrom, through);
    const chosen = request.category ? items.filter((item) => item.category === request.category) : items;
    if (request.category && chosen.length === 0)
      throw new ForecasterError('NOT_FOUND', 'category', `no item in category ${request.category}`);
    const totals = new Map<string, { category: string; recent: number; prior: number }>();
    for (const item of chosen) {
      const key = request.level === 'item' ? item.itemId : item.category;
      if (!key) continue;
      const counts = MEASURES[measure](item);
      const total = totals.get(key) ?? { category: item.category, recent: 0, prior: 0 };
      counts.forEach((count, day) => {
        if (day < priorDays) total.prior += count;
        else total.recent += count;
      });
      totals.set(key, total);
    }
    const movers = [...totals].map(([id, t]) => ({
      id,
      ...t,
      ...moverScore(t.recent, t.prior, recentDays, priorDays, MOVER_PRIOR_STRENGTH),
    }));
    const byId = (a: DemandMoverOut, b: DemandMoverOut) => a.id.localeCompare(b.id);
    return {
      risers: movers
        .filter((m) => m.score > 0)
        .sort((a, b) => b.score - a.score || byId(a, b))
        .slice(0, limit),
      fallers: movers
        .filter((m) => m.score < 0)
        .sort((a, b) => a.score - b.score || byId(a, b))
        .slice(0, limit),
      measure,
      recentFrom,
      recentThrough: through,
      priorFrom,
      priorThrough: shiftDay(recentFrom, -1),
      priorStrength: MOVER_PRIOR_STRENGTH,
      compared: movers.length,
    };
  }
}
