import type { Outcome, SeriesForecast } from '@demand/online-metrics';
import type { PredictionRow, PublishedRow, ServedRow, TextRow } from '../domain/feedback-rows.js';

export interface OperatorLabelRow {
  text: string;
  eventId: string;
  intent: string;
  sentiment: string;
  labeller: string;
  labelledAtMs: number;
}

export interface DecisionRow {
  model: string;
  version: string;
  championVersion: string;
  decision: 'promote' | 'rollback';
  reason: string;
  decidedAtMs: number;
}

export interface DriftCheckRow {
  checkedAtMs: number;
  detector: string;
  subject: string;
  value: number;
  threshold: number;
  drifted: boolean;
}

export interface TrainingRequestRow {
  model: string;
  reason: string;
  requestedAtMs: number;
}

/** Where the feedback service keeps served lists, outcomes, labels, versions and its audit trail. */
export interface FeedbackStore {
  saveServed(rows: readonly ServedRow[]): Promise<void>;
  saveOutcomes(rows: readonly Outcome[]): Promise<void>;
  saveTexts(rows: readonly TextRow[]): Promise<void>;
  saveForecasts(rows: readonly SeriesForecast[]): Promise<void>;
  savePredictions(rows: readonly PredictionRow[]): Promise<void>;
  saveLabels(rows: readonly OperatorLabelRow[]): Promise<void>;
  savePublished(rows: readonly PublishedRow[]): Promise<void>;
  saveDecision(row: DecisionRow): Promise<void>;
  saveTrainingRequest(row: TrainingRequestRow): Promise<void>;
  /** The newest request for the model, undefined when none. */
  lastTrainingRequestAt(model: string): Promise<number | undefined>;
  saveDriftChecks(rows: readonly DriftCheckRow[]): Promise<void>;
  /** Lists served in [fromMs, toMs), each once. */
  servedBetween(fromMs: number, toMs: number): Promise<ServedRow[]>;
  /** Outcomes that happened in [fromMs, toMs), each once. */
  outcomesBetween(fromMs: number, toMs: number): Promise<Outcome[]>;
  /** Offline metrics of a model's published versions, by version. */
  publishedMetrics(model: string): Promise<Map<string, Record<string, number>>>;
  /** The model's decisions, oldest first. */
  decisions(model: string): Promise<DecisionRow[]>;
  /** Forecasts issued on data through `fromDay` (YYYY-MM-DD) or later. */
  forecastsThrough(fromDay: string): Promise<SeriesForecast[]>;
  /** Units bought per series and day in [fromDay, toDay], keyed `<series id> <day>` (item:<id> and shop). */
  unitsSold(fromDay: string, toDay: string): Promise<Map<string, number>>;
  /** Classifier answers of [fromMs, toMs), each once, with the operator's label of the same event ('' when none). */
  predictionsBetween(fromMs: number, toMs: number): Promise<(PredictionRow & { operatorLabel: string })[]>;
  /** Texts the shop sent in [fromMs, toMs) (review texts, queries, dialog turns), at most `limit`. */
  textsBetween(fromMs: number, toMs: number, limit: number): Promise<string[]>;
}
