import { decidePromotion, listMetrics, type PromotionRules, type VersionEvidence } from '@demand/online-metrics';
import type { Announcements } from '../ports/announcements.port.js';
import type { DecisionRow, FeedbackStore } from '../ports/feedback-store.port.js';
import type { AttributedWindow } from './online-report.js';

export interface ModelGateOptions {
  model: string;
  championArm: string;
  offlineMetric: string;
  rules: PromotionRules;
}

/**
 * Champion/challenger gate of one model, run on each check. The champion is the last promoted
 * version, or at first the version serving most of the champion arm; every other version that
 * served lists in the window, has no decision yet and was never champion is a challenger. A promotion or rollback is
 * recorded with its reason and announced; "wait" is neither.
 */
export class ModelGate {
  constructor(
    private readonly store: FeedbackStore,
    private readonly announcements: Announcements,
    private readonly options: ModelGateOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  async judge(window: AttributedWindow): Promise<DecisionRow[]> {
    const { model } = this.options;
    const [history, offline] = await Promise.all([this.store.decisions(model), this.store.publishedMetrics(model)]);
    const evidence = (version: string): VersionEvidence => {
      const own = window.lists.filter((l) => l.modelVersion === version);
      const metrics = listMetrics(own, window.attributions);
      const holdout = offline.get(version)?.[this.options.offlineMetric];
      return {
        version,
        online: { successes: metrics.clickedLists, trials: metrics.served },
        ...(holdout === undefined ? {} : { offline: holdout }),
      };
    };
    let champion = history.findLast((d) => d.decision === 'promote')?.version ?? this.firstChampion(window);
    if (!champion) return [];
    // Decided versions and former champions are not judged again.
    const decided = new Set(history.flatMap((d) => [d.version, d.championVersion]));
    const challengers = trafficByVersion(window).filter(([version]) => version !== champion && !decided.has(version));
    const made: DecisionRow[] = [];
    for (const [version] of challengers) {
      const verdict = decidePromotion(evidence(champion), evidence(version), this.options.rules);
      if (verdict.decision === 'wait') continue;
      const row: DecisionRow = {
        model,
        version,
        championVersion: champion,
        decision: verdict.decision,
        reason: verdict.reason,
        decidedAtMs: this.clock(),
      };
      await this.store.saveDecision(row);
      await this.announcements.announceDecision(row);
      made.push(row);
      if (verdict.decision === 'promote') champion = version;
    }
    return made;
  }

  private firstChampion(window: AttributedWindow): string | undefined {
    const inArm = { lists: window.lists.filter((l) => l.arm === this.options.championArm), attributions: [] };
    return trafficByVersion(inArm)[0]?.[0];
  }
}

/** Versions by lists served, most first (ties by name, so the order is stable). */
function trafficByVersion(window: Pick<AttributedWindow, 'lists'>): [string, number][] {
  const counts = new Map<string, number>();
  for (const list of window.lists) counts.set(list.modelVersion, (counts.get(list.modelVersion) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}
