import type { PredictionRow } from './feedback-rows.js';

export interface DailyIntent {
  day: string;
  intent: string;
  turns: number;
  share: number;
}

const newer = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true }) > 0;

/**
 * Dialog turns per UTC day and intent, each turn once: the answer of the newest model version that
 * labelled it (versions compared as names with numbers, so v10 is after v9). Sorted by day, then intent.
 */
export function intentMix(predictions: readonly PredictionRow[]): DailyIntent[] {
  const byTurn = new Map<string, PredictionRow>();
  for (const p of predictions) {
    if (p.head !== 'intent') continue;
    const held = byTurn.get(p.textId);
    if (!held || newer(p.modelVersion, held.modelVersion)) byTurn.set(p.textId, p);
  }
  const counts = new Map<string, DailyIntent>();
  const perDay = new Map<string, number>();
  for (const p of byTurn.values()) {
    const day = new Date(p.atMs).toISOString().slice(0, 10);
    const key = `${day}\u0000${p.label}`;
    const entry = counts.get(key) ?? { day, intent: p.label, turns: 0, share: 0 };
    entry.turns += 1;
    counts.set(key, entry);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, entry]) => ({ ...entry, share: entry.turns / perDay.get(entry.day)! }));
}
