import { erfc, normalQuantile } from '@demand/forecasting';

/** Standard normal CDF. */
const normalCdf = (z: number) => 0.5 * erfc(-z / Math.SQRT2);

/** Successes out of trials, e.g. clicked lists out of lists served. */
export interface Proportion {
  successes: number;
  trials: number;
}

export interface AbTestOptions {
  /** Two-sided confidence level of the interval, e.g. 0.95. */
  confidence: number;
  /** Fewest trials per arm before anything is concluded. */
  minTrials: number;
  /** Fewest successes and failures per arm (the normal approximation needs both). */
  minEvents: number;
}

export type AbTestResult =
  | { enoughData: false; reason: string }
  | {
      enoughData: true;
      /** Treatment rate − control rate. */
      difference: number;
      /** Interval of the difference at the chosen confidence (unpooled standard error). */
      interval: [number, number];
      /** Two-proportion z statistic (pooled standard error). */
      z: number;
      /** Two-sided p-value of "no difference". */
      pValue: number;
      significant: boolean;
    };

/** Two-proportion z-test of treatment against control, with a confidence interval of the difference. */
export function compareProportions(control: Proportion, treatment: Proportion, options: AbTestOptions): AbTestResult {
  for (const [name, arm] of [
    ['control', control],
    ['treatment', treatment],
  ] as const) {
    if (arm.trials < options.minTrials) {
      return {
        enoughData: false,
        reason: `not enough data yet: ${name} has ${arm.trials} of ${options.minTrials} trials`,
      };
    }
    const fewest = Math.min(arm.successes, arm.trials - arm.successes);
    if (fewest < options.minEvents) {
      return {
        enoughData: false,
        reason: `not enough data yet: ${name} has ${fewest} successes or failures, needs ${options.minEvents}`,
      };
    }
  }
  const p1 = control.successes / control.trials;
  const p2 = treatment.successes / treatment.trials;
  const difference = p2 - p1;
  const pooled = (control.successes + treatment.successes) / (control.trials + treatment.trials);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / control.trials + 1 / treatment.trials));
  const z = difference / pooledSe;
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  const se = Math.sqrt((p1 * (1 - p1)) / control.trials + (p2 * (1 - p2)) / treatment.trials);
  const half = normalQuantile(1 - (1 - options.confidence) / 2) * se;
  return {
    enoughData: true,
    difference,
    interval: [difference - half, difference + half],
    z,
    pValue,
    significant: pValue < 1 - options.confidence,
  };
}
