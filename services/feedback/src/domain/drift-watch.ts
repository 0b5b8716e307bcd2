import { type DriftFinding, type DriftThresholds, detectDrift, driftReason, listMetrics } from '@demand/online-metrics';
import type { FeedbackStore } from '../ports/feedback-store.port.js';
import { textTokens } from './feedback-rows.js';
import type { AttributedWindow, BoundedWindow } from './online-report.js';
import type { TrainingRequests } from './training-requests.js';

export interface DriftWatchOptions {
  thresholds: DriftThresholds;
  championArm: string;
  /** Retrained when behaviour drifts (features, scores, online drop). */
  behaviourModel: string;
  /** Retrained when texts drift (length, vocabulary). */
  textModel: string;
  cooldownMs: number;
  /** Most texts read per window. */
  textSampleLimit: number;
}

export interface DriftCheck {
  findings: DriftFinding[];
  /** Model → reason, for each model a retraining was requested for. */
  requested: Map<string, string>;
}

const TEXT_DETECTORS = new Set<DriftFinding['detector']>(['text_length_psi', 'unseen_tokens']);

/**
 * Compares the current window with the one before it: purchase values and list lengths (input),
 * text lengths and vocabulary, served scores, and the champion arm's CTR. Every finding is
 * recorded; drift asks the model's owner to retrain (training.requested.v1) with the reason,
 * unless the model was asked (for any reason) within the cooldown.
 */
export class DriftWatch {
  constructor(
    private readonly store: FeedbackStore,
    private readonly requests: TrainingRequests,
    private readonly options: DriftWatchOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  async check(reference: BoundedWindow, current: BoundedWindow): Promise<DriftCheck> {
    const limit = this.options.textSampleLimit;
    const [referenceTexts, currentTexts, referenceOutcomes, currentOutcomes] = await Promise.all([
      this.store.textsBetween(reference.fromMs, reference.toMs, limit),
      this.store.textsBetween(current.fromMs, current.toMs, limit),
      this.store.outcomesBetween(reference.fromMs, reference.toMs),
      this.store.outcomesBetween(current.fromMs, current.toMs),
    ]);
    const purchaseValues = (outcomes: typeof referenceOutcomes) =>
      outcomes.filter((o) => o.kind === 'purchase').map((o) => o.revenue);
    const champion = (window: AttributedWindow) => {
      const metrics = listMetrics(
        window.lists.filter((l) => l.arm === this.options.championArm),
        window.attributions,
      );
      return { successes: metrics.clickedLists, trials: metrics.served };
    };
    const findings = detectDrift(
      {
        features: [
          {
            name: 'purchase value',
            reference: purchaseValues(referenceOutcomes),
            current: purchaseValues(currentOutcomes),
          },
          {
            name: 'list length',
            reference: reference.lists.map((l) => l.itemIds.length),
            current: current.lists.map((l) => l.itemIds.length),
          },
        ],
        textLengths: { reference: referenceTexts.map((t) => t.length), current: currentTexts.map((t) => t.length) },
        tokens: { reference: referenceTexts.flatMap(textTokens), current: currentTexts.flatMap(textTokens) },
        scores: {
          reference: reference.lists.flatMap((l) => l.scores ?? []),
          current: current.lists.flatMap((l) => l.scores ?? []),
        },
        championOnline: { reference: champion(reference), current: champion(current) },
      },
      this.options.thresholds,
    );
    const now = this.clock();
    await this.store.saveDriftChecks(findings.map((f) => ({ ...f, checkedAtMs: now })));
    const requested = new Map<string, string>();
    const byModel = [
      [this.options.textModel, findings.filter((f) => TEXT_DETECTORS.has(f.detector))],
      [this.options.behaviourModel, findings.filter((f) => !TEXT_DETECTORS.has(f.detector))],
    ] as const;
    for (const [model, own] of byModel) {
      const reason = driftReason(own);
      if (!reason) continue;
      const last = await this.requests.lastRequestAt(model);
      if (last !== undefined && now - last < this.options.cooldownMs) continue;
      await this.requests.request(model, reason, now);
      requested.set(model, reason);
    }
    return { findings, requested };
  }
}
