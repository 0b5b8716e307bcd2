import type { DemandSeriesSource } from '../ports/demand-series.port.js';
import type { ForecastPublisher, ForecastVersions, PublishedForecast } from '../ports/forecast-sink.port.js';
import type { SeriesFitter } from '../ports/series-fitter.port.js';
import type { CalendarDay } from './calendar.js';
import { demandFitInputs, driversAhead, maskNewDays } from './demand-drivers.js';
import { dayRange } from './demand-periods.js';
import { buildTree, type DemandTree, emptyItem } from './demand-tree.js';
import type { DemandLevelName, ForecastOut } from './forecaster.js';
import { artifact, fromFit, type HeldSeries, reconcileSet } from './held-series.js';

export const FORECAST_MODEL = 'demand-forecast';

export interface RefreshSettings {
  /** Days ahead every series of the set is forecast. */
  horizon: number;
  levels: number[];
  /** Days of history a full refit reads. */
  historyDays: number;
  /** A full refit at least this often; newly closed days are folded in between. */
  refitEveryMs: number;
  /** Promotions and holidays: known-future drivers of every series of the set. */
  calendar?: readonly CalendarDay[];
}

/** The latest fitted set: every item, category and the shop, coherent, as of `dataThrough`. */
interface HeldSet {
  version: string;
  fittedAt: number;
  dataThrough: string;
  tree: DemandTree;
  series: Map<string, HeldSeries>;
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const keyOf = (level: DemandLevelName, id: string) => (level === 'shop' ? 'shop' : `${level}:${id}`);

/**
 * The scheduled demand forecasts: every item, category and the shop are fitted in the fitter's
 * workers, reconciled so that they add up, recorded as a model version, published, and held in
 * memory so ForecastDemand answers without fitting. Between full refits, newly closed days are
 * folded into the fitted states (each method's update) rather than refitted. Runs one at a time.
 */
export class DemandRefresher {
  private held?: HeldSet;
  private queue: Promise<unknown> = Promise.resolve();
  private refitQueued = false;

  constructor(
    private readonly source: DemandSeriesSource,
    private readonly fitter: SeriesFitter,
    private readonly publisher: ForecastPublisher,
    private readonly versions: ForecastVersions,
    private readonly settings: RefreshSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** The schedule's tick: a full refit when none is held or it is due, else the days closed since. */
  tick(): Promise<'refit' | 'update' | 'none'> {
    return this.serially(async () => {
      const held = this.held;
      if (!held || this.now() - held.fittedAt >= this.settings.refitEveryMs) {
        await this.refitNow('schedule');
        return 'refit';
      }
      return (await this.updateNow()) ? 'update' : 'none';
    });
  }

  /** A retraining request: one full refit queued (requests arriving meanwhile share it). */
  requestRefit(reason: string): Promise<void> {
    if (this.refitQueued) return this.queue.then(() => undefined);
    this.refitQueued = true;
    return this.serially(async () => {
      this.refitQueued = false;
      await this.refitNow(reason);
    });
  }

  /** The held forecast of a series when it starts today and covers the request; undefined otherwise. */
  answer(level: DemandLevelName, id: string, horizon: number, levels: readonly number[]): ForecastOut | undefined {
    const held = this.held;
    if (!held || held.dataThrough !== this.yesterday()) return undefined;
    if (horizon > this.settings.horizon) return undefined;
    const series = held.series.get(keyOf(level, id));
    if (!series) return undefined;
    const intervals = levels.map((l) => series.intervals.find((it) => it.level === l));
    if (!intervals.every((it) => it !== undefined)) return undefined;
    const start = dayMs(held.dataThrough) + DAY_MS;
    return {
      points: series.mean.slice(0, horizon).map((mean, i) => ({
        timestamp: dayOf(start + i * DAY_MS),
        mean,
        intervals: intervals.map((it) => ({ level: it.level, lower: it.lower[i]!, upper: it.upper[i]! })),
      })),
      method: series.method,
      backtestMase: series.backtestMase,
      candidates: series.candidates,
      drivers: series.drivers,
      notes: [...series.notes, `from ${held.version}, reconciled with items, categories and the shop`],
    };
  }

  /** Version and last day of the held set, for logs and tests. */
  heldSet(): { version: string; dataThrough: string; series: number } | undefined {
    const held = this.held;
    return held && { version: held.version, dataThrough: held.dataThrough, series: held.series.size };
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The days of the set's horizon after `through`. */
  private futureDays(through: string): string[] {
    return Array.from({ length: this.settings.horizon }, (_, i) => dayOf(dayMs(through) + (i + 1) * DAY_MS));
  }

  private yesterday(): string {
    return dayOf(Math.floor(this.now() / DAY_MS) * DAY_MS - DAY_MS);
  }

  private async refitNow(reason: string): Promise<void> {
    const fittedAt = this.now();
    const through = this.yesterday();
    const from = dayOf(dayMs(through) - (this.settings.historyDays - 1) * DAY_MS);
    const { items } = await this.source.itemsDemand(from, through);
    if (items.length === 0) return;
    const { tree, nodes } = buildTree(items);
    const { horizon, levels } = this.settings;
    const history = dayRange(from, through);
    const future = this.futureDays(through);
    const fits = await Promise.all(
      nodes.map((node) => {
        const { values, ...drivers } = demandFitInputs(node.demand, history, future, this.settings.calendar ?? []);
        const job = { values, period: 7, horizon, levels, keepState: true };
        // One series whose fit fails must not cost the shop its forecasts: it falls back to seasonal naive.
        return this.fitter
          .fit({ ...job, profile: node.level === 'item' ? 'fast' : 'full', ...drivers })
          .catch(async (error: unknown) => {
            const fallback = await this.fitter.fit({ ...job, profile: 'baseline' });
            return { ...fallback, notes: [...fallback.notes, `fit failed (${String(error)}); seasonal naive used`] };
          });
      }),
    );
    const base = nodes.map((node, i) => fromFit(node, fits[i]!));
    const version = await this.versions.publish(
      artifact(base, { kind: 'refit', reason, from, through, horizon, levels, tree }),
    );
    await this.hold({ version, fittedAt, dataThrough: through, tree, base, kind: 'refit' });
  }

  /** Folds the days closed since the held set into every state; false when there were none. */
  private async updateNow(): Promise<boolean> {
    const held = this.held!;
    const through = this.yesterday();
    if (dayMs(through) <= dayMs(held.dataThrough)) return false;
    const from = dayOf(dayMs(held.dataThrough) + DAY_MS);
    const { items } = await this.source.itemsDemand(from, through);
    const byId = new Map(items.map((item) => [item.itemId, item]));
    const days = Math.round((dayMs(through) - dayMs(from)) / DAY_MS) + 1;
    // The held tree stays as it was refitted (an item that moved category or is new waits for the next refit).
    const { nodes } = buildTree(
      held.tree.items.map((itemId, i) => {
        const category = held.tree.categories[held.tree.categoryOf[i]!]!;
        return { ...(byId.get(itemId) ?? emptyItem(itemId, category, days)), category };
      }),
    );
    const newDays = dayRange(from, through);
    const future = this.futureDays(through);
    const base = await Promise.all(
      nodes.map(async (node) => {
        const previous = held.series.get(keyOf(node.level, node.id))!;
        const { drivers, futureDrivers } = driversAhead(node.demand, newDays, future, this.settings.calendar ?? []);
        const updated = await this.fitter.update({
          state: previous.state,
          points: maskNewDays(node.demand.units, node.demand.outOfStock, previous.mean),
          drivers,
          futureDrivers,
          horizon: this.settings.horizon,
        });
        return { ...previous, state: updated.state, mean: updated.mean, intervals: updated.intervals };
      }),
    );
    const { horizon, levels } = this.settings;
    const version = await this.versions.publish(
      artifact(base, { kind: 'update', reason: 'days closed', from, through, horizon, levels, tree: held.tree }),
    );
    await this.hold({ version, fittedAt: held.fittedAt, dataThrough: through, tree: held.tree, base, kind: 'update' });
    return true;
  }

  /** Reconciles the base forecasts, publishes them, then serves them. */
  private async hold(set: {
    version: string;
    fittedAt: number;
    dataThrough: string;
    tree: DemandTree;
    base: HeldSeries[];
    kind: 'refit' | 'update';
  }): Promise<void> {
    const series = reconcileSet(set.base, set.tree);
    const start = dayMs(set.dataThrough) + DAY_MS;
    const occurredAt = new Date(this.now()).toISOString();
    const published: PublishedForecast[] = series.map((s) => ({
      level: s.level,
      id: s.id,
      method: s.method,
      backtestMase: s.backtestMase,
      points: s.mean.map((mean, i) => ({
        timestamp: dayOf(start + i * DAY_MS),
        mean,
        intervals: s.intervals.map((it) => ({ level: it.level, lower: it.lower[i]!, upper: it.upper[i]! })),
      })),
      modelVersion: set.version,
      kind: set.kind,
      dataThrough: set.dataThrough,
      occurredAt,
    }));
    this.held = {
      version: set.version,
      fittedAt: set.fittedAt,
      dataThrough: set.dataThrough,
      tree: set.tree,
      series: new Map(series.map((s) => [keyOf(s.level, s.id), s])),
    };
    await this.publisher.publish(published);
  }
}
