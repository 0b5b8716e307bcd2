import { Counter, Gauge, type Registry } from 'prom-client';
import type { DriftFinding, ForecastAccuracy } from '@demand/online-metrics';
import type { ClassifierAccuracy } from '../domain/classifier-scorer.js';
import type { CheckObserver } from '../domain/feedback-service.js';
import type { OnlineReport } from '../domain/online-report.js';
import type { DecisionRow } from '../ports/feedback-store.port.js';

const RATES = ['ctr', 'cvr', 'revenuePerMille', 'ndcg', 'coverage'] as const;

/** Each check's online metrics (per version and arm, all segments), drift values and decisions as Prometheus metrics. */
export class PrometheusCheckObserver implements CheckObserver {
  private readonly online: Gauge<'metric' | 'model_version' | 'arm'>;
  private readonly served: Gauge<'model_version' | 'arm'>;
  private readonly drift: Gauge<'detector' | 'subject'>;
  private readonly drifted: Gauge<'detector' | 'subject'>;
  private readonly decisions: Counter<'model' | 'decision'>;
  private readonly forecast: Gauge<'metric' | 'model_version'>;
  private readonly classifier: Gauge<'metric' | 'head' | 'model_version' | 'truth'>;

  constructor(registry: Registry) {
    this.online = new Gauge({
      name: 'feedback_online_metric',
      help: 'Online metric of the sliding window: ctr, cvr, revenuePerMille, ndcg, coverage',
      labelNames: ['metric', 'model_version', 'arm'],
      registers: [registry],
    });
    this.served = new Gauge({
      name: 'feedback_served_lists',
      help: 'Lists served in the sliding window',
      labelNames: ['model_version', 'arm'],
      registers: [registry],
    });
    this.drift = new Gauge({
      name: 'feedback_drift_value',
      help: 'Latest value of each drift detector (PSI, unseen token share, relative CTR drop)',
      labelNames: ['detector', 'subject'],
      registers: [registry],
    });
    this.drifted = new Gauge({
      name: 'feedback_drift_detected',
      help: 'Whether the latest check found drift (1) or not (0), per detector and subject',
      labelNames: ['detector', 'subject'],
      registers: [registry],
    });
    this.decisions = new Counter({
      name: 'feedback_model_decisions_total',
      help: 'Champion/challenger decisions',
      labelNames: ['model', 'decision'],
      registers: [registry],
    });
    this.forecast = new Gauge({
      name: 'feedback_forecast_accuracy',
      help: 'WAPE and MASE of published item and shop forecasts on the days closed since, per model version',
      labelNames: ['metric', 'model_version'],
      registers: [registry],
    });
    this.classifier = new Gauge({
      name: 'feedback_classifier_accuracy',
      help: 'Accuracy and macro-F1 of the text heads in the window, against review stars or operator labels',
      labelNames: ['metric', 'head', 'model_version', 'truth'],
      registers: [registry],
    });
  }

  observeReport(report: OnlineReport): void {
    this.online.reset();
    this.served.reset();
    for (const group of report.metrics.filter((g) => g.segment === '')) {
      const labels = { model_version: group.modelVersion, arm: group.arm };
      this.served.set(labels, group.metrics.served);
      for (const metric of RATES) this.online.set({ ...labels, metric }, group.metrics[metric]);
    }
  }

  observeDrift(findings: readonly DriftFinding[]): void {
    for (const f of findings) {
      const labels = { detector: f.detector, subject: f.subject };
      this.drift.set(labels, f.value);
      this.drifted.set(labels, f.drifted ? 1 : 0);
    }
  }

  observeDecisions(decisions: readonly DecisionRow[]): void {
    for (const d of decisions) this.decisions.inc({ model: d.model, decision: d.decision });
  }

  observeAccuracy(forecasts: readonly ForecastAccuracy[], classifiers: readonly ClassifierAccuracy[]): void {
    this.forecast.reset();
    for (const a of forecasts) {
      if (Number.isFinite(a.wape)) this.forecast.set({ metric: 'wape', model_version: a.modelVersion }, a.wape);
      if (Number.isFinite(a.mase)) this.forecast.set({ metric: 'mase', model_version: a.modelVersion }, a.mase);
    }
    this.classifier.reset();
    for (const c of classifiers) {
      const labels = { head: c.head, model_version: c.modelVersion, truth: c.truth };
      this.classifier.set({ ...labels, metric: 'accuracy' }, c.accuracy);
      this.classifier.set({ ...labels, metric: 'macro_f1' }, c.macroF1);
    }
  }
}
