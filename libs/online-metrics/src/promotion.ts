import { type AbTestOptions, compareProportions, type Proportion } from './ab-test.js';

/** One model version as the gate sees it. */
export interface VersionEvidence {
  version: string;
  /** Online: e.g. clicked lists out of lists served by this version. */
  online: Proportion;
  /** The offline metric on the shared holdout (higher is better); undefined when not reported yet. */
  offline?: number;
}

export interface PromotionRules extends AbTestOptions {
  /** How much worse (absolute, online rate) the challenger may be and still be promoted. */
  tolerance: number;
  /** How much worse (absolute) the challenger's offline metric may be. */
  offlineTolerance: number;
}

export type PromotionDecision = { decision: 'promote' | 'rollback' | 'wait'; reason: string };

const fixed = (x: number) => x.toFixed(4);

/**
 * Champion/challenger gate. Offline first: a challenger worse on the holdout beyond the tolerance
 * is rolled back at once. Online, once both have enough traffic: promoted only when the lower
 * bound of (challenger − champion) is above −tolerance (not worse beyond it, with confidence);
 * otherwise rolled back. Until then: wait, saying what is missing.
 */
export function decidePromotion(
  champion: VersionEvidence,
  challenger: VersionEvidence,
  rules: PromotionRules,
): PromotionDecision {
  if (challenger.offline === undefined) {
    return { decision: 'wait', reason: `no offline holdout metric for ${challenger.version} yet` };
  }
  const offlineGap = champion.offline === undefined ? 0 : challenger.offline - champion.offline;
  if (offlineGap < -rules.offlineTolerance) {
    return {
      decision: 'rollback',
      reason:
        `offline holdout ${fixed(challenger.offline)} vs champion ${fixed(champion.offline ?? 0)}: ` +
        `worse by ${fixed(-offlineGap)} > tolerance ${fixed(rules.offlineTolerance)}`,
    };
  }
  const test = compareProportions(champion.online, challenger.online, rules);
  if (!test.enoughData) return { decision: 'wait', reason: test.reason };
  const [lower, upper] = test.interval;
  const online =
    `online rate ${fixed(challenger.online.successes / challenger.online.trials)} vs champion ` +
    `${fixed(champion.online.successes / champion.online.trials)}, difference ${fixed(test.difference)} ` +
    `[${fixed(lower)}, ${fixed(upper)}] at ${rules.confidence}, p=${fixed(test.pValue)}`;
  if (lower >= -rules.tolerance) {
    return { decision: 'promote', reason: `${online}: not worse beyond tolerance ${fixed(rules.tolerance)}` };
  }
  return { decision: 'rollback', reason: `${online}: may be worse by more than tolerance ${fixed(rules.tolerance)}` };
}
