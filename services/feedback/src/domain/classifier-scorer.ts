import { type ClassificationScores, classificationScores, sentimentOfStars } from '@demand/online-metrics';
import type { FeedbackStore } from '../ports/feedback-store.port.js';

export interface ClassifierAccuracy extends ClassificationScores {
  head: 'sentiment' | 'intent';
  modelVersion: string;
  /** What the answers are scored against: "stars" (reviews' ratings) or "operator_labels". */
  truth: 'stars' | 'operator_labels';
}

/**
 * Accuracy and macro-F1 of the embedder's heads per version: review sentiment against the stars
 * given with it, and both heads against operators' labels of the same event (SubmitLabels by event_id).
 */
export class ClassifierScorer {
  constructor(private readonly store: FeedbackStore) {}

  async score(fromMs: number, toMs: number): Promise<ClassifierAccuracy[]> {
    const groups = new Map<
      string,
      { key: Omit<ClassifierAccuracy, keyof ClassificationScores>; pairs: { truth: string; predicted: string }[] }
    >();
    const add = (key: Omit<ClassifierAccuracy, keyof ClassificationScores>, truth: string, predicted: string) => {
      const id = `${key.head}\u0000${key.modelVersion}\u0000${key.truth}`;
      const group = groups.get(id) ?? { key, pairs: [] };
      group.pairs.push({ truth, predicted });
      groups.set(id, group);
    };
    for (const p of await this.store.predictionsBetween(fromMs, toMs)) {
      if (p.head === 'sentiment' && p.rating > 0) {
        add({ head: p.head, modelVersion: p.modelVersion, truth: 'stars' }, sentimentOfStars(p.rating), p.label);
      }
      if (p.operatorLabel) {
        add({ head: p.head, modelVersion: p.modelVersion, truth: 'operator_labels' }, p.operatorLabel, p.label);
      }
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, { key, pairs }]) => ({ ...key, ...classificationScores(pairs) }));
  }
}
