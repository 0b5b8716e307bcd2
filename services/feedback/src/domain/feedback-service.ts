import type { DriftFinding, ForecastAccuracy } from '@demand/online-metrics';
import type { DecisionRow, FeedbackStore, OperatorLabelRow } from '../ports/feedback-store.port.js';
import type { DriftCheck, DriftWatch } from './drift-watch.js';
import { FeedbackError } from './feedback.error.js';
import { intentMix } from './intent-mix.js';
import type { ForecastScorer } from './forecast-scorer.js';
import type { TrainingRequests } from './training-requests.js';
import type { ClassifierAccuracy, ClassifierScorer } from './classifier-scorer.js';
import type { ModelGate } from './model-gate.js';
import type { BoundedWindow, OnlineReport, OnlineReporter, ReportRequest } from './online-report.js';

/** Where each check's figures go besides the store (Prometheus gauges). */
export interface CheckObserver {
  observeReport(report: OnlineReport): void;
  observeDrift(findings: readonly DriftFinding[]): void;
  observeDecisions(decisions: readonly DecisionRow[]): void;
  observeAccuracy(forecasts: readonly ForecastAccuracy[], classifiers: readonly ClassifierAccuracy[]): void;
}

export interface LabelInput {
  text: string;
  eventId: string;
  intent: string;
  sentiment: string;
  labeller: string;
}

const SENTIMENTS = new Set(['positive', 'neutral', 'negative']);
const MAX_LABELS = 10_000;
const MAX_WINDOW_HOURS = 90 * 24;
const DAY_MS = 86_400_000;

/** A request's `days` (14 when 0), at most the longest window. */
function daysBack(requested: number): number {
  const days = requested || 14;
  if (!Number.isInteger(days) || days > MAX_WINDOW_HOURS / 24)
    throw new FeedbackError('days', `at most ${MAX_WINDOW_HOURS / 24} (got ${requested})`);
  return days;
}

/** Online metrics of the recommendations and the accuracy of the published forecasts. */
export interface ModelMetrics extends OnlineReport {
  forecastAccuracy: ForecastAccuracy[];
  classifierAccuracy: ClassifierAccuracy[];
}

export interface CheckResult {
  report: ModelMetrics;
  decisions: DecisionRow[];
  drift: DriftCheck;
  /** Models asked to retrain because their scheduled period had passed. */
  scheduled: string[];
}

export interface CheckSettings {
  /** The sliding window of metrics and the gate; drift compares it with the window before. */
  windowMs: number;
  /** Model → period (ms) after its last retraining request at which the check asks again. */
  retrainSchedule: ReadonlyMap<string, number>;
}

/** The feedback service's use cases: metrics, retraining requests, labels and the periodic check. */
export class FeedbackService {
  constructor(
    private readonly store: FeedbackStore,
    private readonly requests: TrainingRequests,
    private readonly reporter: OnlineReporter,
    private readonly gate: ModelGate,
    private readonly drift: DriftWatch,
    private readonly forecasts: ForecastScorer,
    private readonly classifiers: ClassifierScorer,
    private readonly observer: CheckObserver,
    private readonly settings: CheckSettings,
    private readonly clock: () => number = Date.now,
  ) {}

  async getModelMetrics(request: {
    windowHours: number;
    controlArm: string;
    treatmentArm: string;
  }): Promise<ModelMetrics> {
    if (request.windowHours > MAX_WINDOW_HOURS) {
      throw new FeedbackError('window_hours', `at most ${MAX_WINDOW_HOURS} (90 days)`);
    }
    if (request.treatmentArm && request.treatmentArm === request.controlArm) {
      throw new FeedbackError('treatment_arm', 'must differ from control_arm');
    }
    return this.metrics({
      windowMs: request.windowHours * 3_600_000,
      controlArm: request.controlArm,
      treatmentArm: request.treatmentArm,
    });
  }

  async metricsOverTime(request: { days: number }) {
    return this.reporter.daily(daysBack(request.days));
  }

  /** Dialog turns per day and intent over the last `days` UTC days, today included. */
  async intentMix(request: { days: number }) {
    const days = daysBack(request.days);
    const toMs = this.clock() + 1;
    const fromMs = (Math.floor(this.clock() / DAY_MS) - days + 1) * DAY_MS;
    const mix = intentMix(await this.store.predictionsBetween(fromMs, toMs));
    return { fromMs, days: mix, turns: mix.reduce((sum, d) => sum + d.turns, 0) };
  }

  private async metrics(request: ReportRequest, loaded?: BoundedWindow): Promise<ModelMetrics> {
    const report = loaded ? this.reporter.reportOn(loaded, request) : await this.reporter.report(request);
    const [forecastAccuracy, classifierAccuracy] = await Promise.all([
      this.forecasts.score(),
      this.classifiers.score(report.windowStartMs, report.windowEndMs),
    ]);
    return { ...report, forecastAccuracy, classifierAccuracy };
  }

  async requestRetraining(model: string, reason: string): Promise<Date> {
    if (!model.trim()) throw new FeedbackError('model', 'required (e.g. "recommender", "demand-forecast")');
    const at = this.clock();
    await this.requests.request(model.trim(), reason.trim() || 'operator', at);
    return new Date(at);
  }

  async submitLabels(labels: readonly LabelInput[]): Promise<number> {
    if (labels.length === 0) throw new FeedbackError('labels', 'at least one label is required');
    if (labels.length > MAX_LABELS) throw new FeedbackError('labels', `at most ${MAX_LABELS} per call`);
    const labelledAtMs = this.clock();
    const rows: OperatorLabelRow[] = labels.map((label, i) => {
      const field = (name: string) => `labels[${i}].${name}`;
      if (Boolean(label.text.trim()) === Boolean(label.eventId.trim())) {
        throw new FeedbackError(field('text'), 'exactly one of text and event_id is required');
      }
      if (!label.intent.trim() && !label.sentiment.trim()) {
        throw new FeedbackError(field('intent'), 'intent or sentiment is required');
      }
      if (label.sentiment && !SENTIMENTS.has(label.sentiment)) {
        throw new FeedbackError(field('sentiment'), `expected positive, neutral or negative, got "${label.sentiment}"`);
      }
      return {
        text: label.text.trim(),
        eventId: label.eventId.trim(),
        intent: label.intent.trim(),
        sentiment: label.sentiment,
        labeller: label.labeller,
        labelledAtMs,
      };
    });
    await this.store.saveLabels(rows);
    return rows.length;
  }

  /**
   * One round of the schedule: metrics of the window, the champion/challenger gate, drift against
   * the window before, then the scheduled retraining requests that are due.
   */
  async check(): Promise<CheckResult> {
    const { windowMs } = this.settings;
    const now = this.clock() + 1;
    const current = await this.reporter.attributedWindow(now - windowMs, now);
    const reference = await this.reporter.attributedWindow(now - 2 * windowMs, now - windowMs);
    const report = await this.metrics({ windowMs }, current);
    const decisions = await this.gate.judge(current);
    const drift = await this.drift.check(reference, current);
    const scheduled = await this.requests.requestScheduled(this.settings.retrainSchedule, this.clock());
    this.observer.observeReport(report);
    this.observer.observeDecisions(decisions);
    this.observer.observeDrift(drift.findings);
    this.observer.observeAccuracy(report.forecastAccuracy, report.classifierAccuracy);
    return { report, decisions, drift, scheduled };
  }
}
