import type { AnalyticsStore } from '@demand/analytics-store';
import type { Outcome, OutcomeKind, SeriesForecast } from '@demand/online-metrics';
import type { PredictionRow, PublishedRow, ServedRow, TextRow } from '../domain/feedback-rows.js';
import type {
  DecisionRow,
  DriftCheckRow,
  FeedbackStore,
  OperatorLabelRow,
  TrainingRequestRow,
} from '../ports/feedback-store.port.js';
import { servedListsQuery } from './served-lists-query.js';

const iso = (ms: number) => new Date(ms).toISOString();
const between = (column: string) =>
  `${column} >= fromUnixTimestamp64Milli({from:Int64}) AND ${column} < fromUnixTimestamp64Milli({to:Int64})`;

/** A model_decisions row read with `toUnixTimestamp64Milli(decided_at) AS at`. */
export const decisionOf = (r: Record<string, unknown>): DecisionRow => ({
  model: String(r.model),
  version: String(r.version),
  championVersion: String(r.champion_version),
  decision: r.decision === 'promote' ? 'promote' : 'rollback',
  reason: String(r.reason),
  decidedAtMs: Number(r.at),
});

/** Reads deduplicate with LIMIT 1 BY the key, so a redelivered record that is not merged away yet counts once. */
export class ClickHouseFeedbackStore implements FeedbackStore {
  constructor(private readonly store: AnalyticsStore) {}

  saveServed(rows: readonly ServedRow[]): Promise<void> {
    return this.store.insertCompact(
      'feedback_served_lists',
      [
        'recommendation_id',
        'user_id',
        'served_at',
        'method',
        'page',
        'arm',
        'model_version',
        'cold_start',
        'item_ids',
        'scores',
      ],
      rows.map((r) => [
        r.recommendationId,
        r.userId,
        iso(r.servedAtMs),
        r.method,
        r.page,
        r.arm,
        r.modelVersion,
        r.coldStart,
        r.itemIds,
        r.scores,
      ]),
    );
  }

  saveOutcomes(rows: readonly Outcome[]): Promise<void> {
    return this.store.insertCompact(
      'outcomes',
      ['event_id', 'user_id', 'item_id', 'kind', 'occurred_at', 'recommendation_id', 'revenue', 'quantity'],
      rows.map((o) => [
        o.eventId,
        o.userId,
        o.itemId,
        o.kind,
        iso(o.atMs),
        o.recommendationId ?? '',
        o.revenue,
        o.quantity ?? 0,
      ]),
    );
  }

  saveForecasts(rows: readonly SeriesForecast[]): Promise<void> {
    return this.store.insertCompact(
      'forecast_points',
      ['series_id', 'model_version', 'data_through', 'day', 'mean'],
      rows.flatMap((f) => f.points.map((p) => [f.seriesId, f.modelVersion, f.dataThrough, p.day, p.mean])),
    );
  }

  async forecastsThrough(fromDay: string): Promise<SeriesForecast[]> {
    const rows = await this.store.query<{
      series_id: string;
      model_version: string;
      through: string;
      day: string;
      mean: number;
    }>(
      `SELECT series_id, model_version, toString(data_through) AS through, toString(day) AS day, mean
       FROM forecast_points FINAL WHERE data_through >= toDate({from:String})
       ORDER BY series_id, model_version, through, day`,
      { from: fromDay },
    );
    const byIssue = new Map<string, SeriesForecast & { points: { day: string; mean: number }[] }>();
    for (const r of rows) {
      const key = `${r.series_id}\u0000${r.model_version}\u0000${r.through}`;
      const issue = byIssue.get(key) ?? {
        seriesId: r.series_id,
        modelVersion: r.model_version,
        dataThrough: r.through,
        points: [],
      };
      issue.points.push({ day: r.day, mean: Number(r.mean) });
      byIssue.set(key, issue);
    }
    return [...byIssue.values()];
  }

  async unitsSold(fromDay: string, toDay: string): Promise<Map<string, number>> {
    const rows = await this.store.query<{ item_id: string; day: string; units: number }>(
      `SELECT item_id, toString(toDate(occurred_at)) AS day, sum(quantity) AS units
       FROM (SELECT item_id, occurred_at, quantity FROM outcomes
             WHERE kind = 'purchase' AND toDate(occurred_at) BETWEEN toDate({from:String}) AND toDate({to:String})
             LIMIT 1 BY event_id)
       GROUP BY item_id, day`,
      { from: fromDay, to: toDay },
    );
    const units = new Map<string, number>();
    for (const r of rows) {
      const count = Number(r.units);
      units.set(`item:${r.item_id} ${r.day}`, count);
      units.set(`shop ${r.day}`, (units.get(`shop ${r.day}`) ?? 0) + count);
    }
    return units;
  }

  savePredictions(rows: readonly PredictionRow[]): Promise<void> {
    return this.store.insertCompact(
      'predictions',
      ['text_id', 'head', 'model_version', 'label', 'rating', 'occurred_at'],
      rows.map((p) => [p.textId, p.head, p.modelVersion, p.label, p.rating, iso(p.atMs)]),
    );
  }

  async predictionsBetween(fromMs: number, toMs: number): Promise<(PredictionRow & { operatorLabel: string })[]> {
    const rows = await this.store.query<Record<string, unknown>>(
      `SELECT p.text_id AS text_id, p.head AS head, p.model_version AS model_version, p.label AS label,
              p.rating AS rating, p.at AS at, if(p.head = 'sentiment', l.sentiment, l.intent) AS operator_label
       FROM (SELECT text_id, head, model_version, label, rating, toUnixTimestamp64Milli(occurred_at) AS at
             FROM predictions WHERE ${between('occurred_at')} LIMIT 1 BY head, text_id, model_version) AS p
       LEFT JOIN (SELECT event_id, sentiment, intent FROM operator_labels FINAL WHERE event_id != '') AS l
         ON l.event_id = p.text_id`,
      { from: fromMs, to: toMs },
    );
    return rows.map((r) => ({
      textId: String(r.text_id),
      head: r.head === 'intent' ? 'intent' : 'sentiment',
      modelVersion: String(r.model_version),
      label: String(r.label),
      rating: Number(r.rating),
      atMs: Number(r.at),
      operatorLabel: String(r.operator_label ?? ''),
    }));
  }

  saveTexts(rows: readonly TextRow[]): Promise<void> {
    return this.store.insertCompact(
      'text_samples',
      ['event_id', 'kind', 'occurred_at', 'text'],
      rows.map((t) => [t.eventId, t.kind, iso(t.atMs), t.text]),
    );
  }

  saveLabels(rows: readonly OperatorLabelRow[]): Promise<void> {
    return this.store.insertCompact(
      'operator_labels',
      ['label_id', 'text', 'event_id', 'intent', 'sentiment', 'labeller', 'labelled_at'],
      // One row per labelled thing: a later label of the same text or event replaces the earlier one.
      rows.map((l) => [
        l.eventId ? `event:${l.eventId}` : `text:${l.text}`,
        l.text,
        l.eventId,
        l.intent,
        l.sentiment,
        l.labeller,
        iso(l.labelledAtMs),
      ]),
    );
  }

  savePublished(rows: readonly PublishedRow[]): Promise<void> {
    const now = iso(Date.now());
    return this.store.insertCompact(
      'published_models',
      ['model', 'version', 'metrics', 'data_window_start', 'data_window_end', 'training_set_hash', 'received_at'],
      rows.map((p) => [p.model, p.version, p.metrics, p.dataWindowStart, p.dataWindowEnd, p.trainingSetHash, now]),
    );
  }

  saveDecision(row: DecisionRow): Promise<void> {
    return this.store.insertCompact(
      'model_decisions',
      ['model', 'version', 'champion_version', 'decision', 'reason', 'decided_at'],
      [[row.model, row.version, row.championVersion, row.decision, row.reason, iso(row.decidedAtMs)]],
    );
  }

  saveTrainingRequest(row: TrainingRequestRow): Promise<void> {
    return this.store.insertCompact(
      'training_requests',
      ['model', 'reason', 'requested_at'],
      [[row.model, row.reason, iso(row.requestedAtMs)]],
    );
  }

  async lastTrainingRequestAt(model: string): Promise<number | undefined> {
    const rows = await this.store.query<{ at: number }>(
      `SELECT toUnixTimestamp64Milli(requested_at) AS at FROM training_requests WHERE model = {model:String}
       ORDER BY requested_at DESC LIMIT 1`,
      { model },
    );
    return rows[0] === undefined ? undefined : Number(rows[0].at);
  }

  saveDriftChecks(rows: readonly DriftCheckRow[]): Promise<void> {
    return this.store.insertCompact(
      'drift_checks',
      ['checked_at', 'detector', 'subject', 'value', 'threshold', 'drifted'],
      rows.map((r) => [iso(r.checkedAtMs), r.detector, r.subject, r.value, r.threshold, r.drifted]),
    );
  }

  async servedBetween(fromMs: number, toMs: number): Promise<ServedRow[]> {
    const rows = await this.store.query<Record<string, unknown>>(await servedListsQuery(this.store, between), {
      from: fromMs,
      to: toMs,
    });
    return rows.map((r) => ({
      recommendationId: String(r.recommendation_id),
      userId: String(r.user_id),
      servedAtMs: Number(r.at),
      method: String(r.method),
      page: String(r.page),
      arm: String(r.arm),
      modelVersion: String(r.model_version),
      coldStart: Boolean(r.cold_start),
      itemIds: [...(r.item_ids as string[])],
      scores: [...(r.scores as number[])],
    }));
  }

  async outcomesBetween(fromMs: number, toMs: number): Promise<Outcome[]> {
    const rows = await this.store.query<Record<string, unknown>>(
      `SELECT event_id, user_id, item_id, kind, toUnixTimestamp64Milli(occurred_at) AS at, recommendation_id, revenue,
              quantity
       FROM outcomes WHERE ${between('occurred_at')} LIMIT 1 BY event_id`,
      { from: fromMs, to: toMs },
    );
    return rows.map((r) => ({
      eventId: String(r.event_id),
      userId: String(r.user_id),
      itemId: String(r.item_id),
      kind: String(r.kind) as OutcomeKind,
      atMs: Number(r.at),
      ...(r.recommendation_id ? { recommendationId: String(r.recommendation_id) } : {}),
      revenue: Number(r.revenue),
      quantity: Number(r.quantity),
    }));
  }

  async publishedMetrics(model: string): Promise<Map<string, Record<string, number>>> {
    const rows = await this.store.query<{ version: string; metrics: Record<string, number> }>(
      `SELECT version, metrics FROM published_models WHERE model = {model:String}
       ORDER BY received_at DESC LIMIT 1 BY version`,
      { model },
    );
    return new Map(rows.map((r) => [r.version, { ...r.metrics }]));
  }

  async decisions(model: string): Promise<DecisionRow[]> {
    const rows = await this.store.query<Record<string, unknown>>(
      `SELECT model, version, champion_version, decision, reason, toUnixTimestamp64Milli(decided_at) AS at
       FROM model_decisions WHERE model = {model:String} ORDER BY decided_at`,
      { model },
    );
    return rows.map(decisionOf);
  }

  async textsBetween(fromMs: number, toMs: number, limit: number): Promise<string[]> {
    const rows = await this.store.query<{ text: string }>(
      `SELECT text FROM text_samples WHERE ${between('occurred_at')} LIMIT 1 BY event_id LIMIT {limit:UInt32}`,
      { from: fromMs, to: toMs, limit },
    );
    return rows.map((r) => r.text);
  }
}
