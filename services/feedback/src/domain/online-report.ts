import {
  type AbTestOptions,
  type Attribution,
  type AttributionRules,
  attributeOutcomes,
  compareProportions,
  type DailyMetrics,
  dailyMetrics,
  type GroupedMetrics,
  groupedMetrics,
  listMetrics,
  type ServedList,
} from '@demand/online-metrics';
import type { FeedbackStore } from '../ports/feedback-store.port.js';
import type { ServedRow } from './feedback-rows.js';

export interface ArmComparison {
  metric: 'ctr' | 'cvr';
  controlArm: string;
  treatmentArm: string;
  enoughData: boolean;
  note: string;
  difference: number;
  ciLow: number;
  ciHigh: number;
  confidence: number;
  pValue: number;
  significant: boolean;
}

export interface OnlineReport {
  windowStartMs: number;
  windowEndMs: number;
  metrics: GroupedMetrics[];
  comparisons: ArmComparison[];
}

/** Served lists of a window with the outcomes credited to them. */
export interface AttributedWindow {
  lists: ServedList[];
  attributions: Attribution[];
}

/** An attributed window with its bounds: lists served in [fromMs, toMs). */
export interface BoundedWindow extends AttributedWindow {
  fromMs: number;
  toMs: number;
}

export interface ReportRequest {
  windowMs?: number;
  controlArm?: string;
  treatmentArm?: string;
}

export interface OnlineReportOptions {
  attribution: AttributionRules;
  abTest: AbTestOptions;
  windowMs: number;
  championArm: string;
  catalogSize: number;
}

const DAY_MS = 86_400_000;

export const toServedList = (row: ServedRow): ServedList => ({ ...row, segment: row.page || row.method });

/** Online metrics of served lists over a sliding window, and A/B comparisons of arms. */
export class OnlineReporter {
  constructor(
    private readonly store: FeedbackStore,
    private readonly options: OnlineReportOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Lists served in [fromMs, toMs) and what they earned by now (outcomes up to now). */
  async attributedWindow(fromMs: number, toMs: number): Promise<BoundedWindow> {
    const [rows, outcomes] = await Promise.all([
      this.store.servedBetween(fromMs, toMs),
      this.store.outcomesBetween(fromMs, this.clock() + 1),
    ]);
    const lists = rows.map(toServedList);
    return { lists, attributions: attributeOutcomes(lists, outcomes, this.options.attribution), fromMs, toMs };
  }

  /** The last `windowMs` (default: the configured window) up to now. */
  async report(request: ReportRequest = {}): Promise<OnlineReport> {
    const windowEndMs = this.clock() + 1;
    const windowStartMs = windowEndMs - (request.windowMs || this.options.windowMs);
    return this.reportOn(await this.attributedWindow(windowStartMs, windowEndMs), request);
  }

  /** Metrics per served day, version and arm over the last `days` UTC days, today included. */
  async daily(days: number): Promise<{ fromMs: number; toMs: number; days: DailyMetrics[] }> {
    const toMs = this.clock() + 1;
    const fromMs = (Math.floor(this.clock() / DAY_MS) - days + 1) * DAY_MS;
    const { lists, attributions } = await this.attributedWindow(fromMs, toMs);
    return { fromMs, toMs, days: dailyMetrics(lists, attributions, this.options.catalogSize) };
  }

  /** The report of a window already loaded. */
  reportOn(window: BoundedWindow, request: ReportRequest = {}): OnlineReport {
    const { lists, attributions, fromMs: windowStartMs, toMs: windowEndMs } = window;
    const metrics = groupedMetrics(
      lists,
      attributions,
      { fromMs: windowStartMs, toMs: windowEndMs },
      this.options.catalogSize,
    );
    const control = request.controlArm || this.options.championArm;
    const arms = [...new Set(lists.map((l) => l.arm))].sort();
    const treatments = request.treatmentArm ? [request.treatmentArm] : arms.filter((arm) => arm !== control);
    const comparisons = treatments.flatMap((treatment) => this.compareArms(lists, attributions, control, treatment));
    return { windowStartMs, windowEndMs, metrics, comparisons };
  }

  private compareArms(lists: ServedList[], credits: Attribution[], controlArm: string, treatmentArm: string) {
    const ofArm = (arm: string) =>
      listMetrics(
        lists.filter((l) => l.arm === arm),
        credits,
      );
    const control = ofArm(controlArm);
    const treatment = ofArm(treatmentArm);
    const rates = [
      ['ctr', control.clickedLists, treatment.clickedLists],
      ['cvr', control.convertedLists, treatment.convertedLists],
    ] as const;
    return rates.map(([metric, controlHits, treatmentHits]): ArmComparison => {
      const test = compareProportions(
        { successes: controlHits, trials: control.served },
        { successes: treatmentHits, trials: treatment.served },
        this.options.abTest,
      );
      const base = { metric, controlArm, treatmentArm, confidence: this.options.abTest.confidence };
      if (!test.enoughData) {
        return {
          ...base,
          enoughData: false,
          note: test.reason,
          difference: 0,
          ciLow: 0,
          ciHigh: 0,
          pValue: 1,
          significant: false,
        };
      }
      return {
        ...base,
        enoughData: true,
        note: test.significant ? 'significant' : 'no significant difference',
        difference: test.difference,
        ciLow: test.interval[0],
        ciHigh: test.interval[1],
        pValue: test.pValue,
        significant: test.significant,
      };
    });
  }
}
