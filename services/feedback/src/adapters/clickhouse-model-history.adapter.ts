import type { AnalyticsStore } from '@demand/analytics-store';
import { decisionOf } from './clickhouse-feedback-store.adapter.js';
import type { DecisionRow, DriftCheckRow, TrainingRequestRow } from '../ports/feedback-store.port.js';
import type { ModelHistoryStore, PublishedVersionRow } from '../ports/model-history.port.js';

/** The audit trail in the feedback service's ClickHouse tables (migrations/001_feedback.sql). */
export class ClickHouseModelHistory implements ModelHistoryStore {
  constructor(private readonly store: AnalyticsStore) {}

  async publishedVersions(model: string, limit: number): Promise<PublishedVersionRow[]> {
    const rows = await this.store.query<Record<string, unknown>>(
      `SELECT model, version, metrics, toUnixTimestamp64Milli(received_at) AS at
       FROM (SELECT * FROM published_models WHERE model = {model:String} ORDER BY received_at DESC LIMIT 1 BY version)
       ORDER BY received_at DESC, version DESC LIMIT {limit:UInt32}`,
      { model, limit },
    );
    return rows.map((r) => ({
      model: String(r.model),
      version: String(r.version),
      offlineMetrics: { ...(r.metrics as Record<string, number>) },
      receivedAtMs: Number(r.at),
    }));
  }

  async recentDecisions(model: string, limit: number): Promise<DecisionRow[]> {
    const rows = await this.store.query<Record<string, unknown>>(
      `SELECT model, version, champion_version, decision, reason, toUnixTimestamp64Milli(decided_at) AS at
       FROM model_decisions WHERE model = {model:String} ORDER BY decided_at DESC, version DESC LIMIT {limit:UInt32}`,
      { model, limit },
    );
    return rows.map(decisionOf);
  }

  async latestDriftCheck(): Promise<DriftCheckRow[]> {
    const rows = await this.store.query<Record<string, unknown>>(
      `SELECT toUnixTimestamp64Milli(checked_at) AS at, detector, subject, value, threshold, drifted
       FROM drift_checks WHERE checked_at = (SELECT max(checked_at) FROM drift_checks)
       ORDER BY detector, subject`,
    );
    return rows.map((r) => ({
      checkedAtMs: Number(r.at),
      detector: String(r.detector),
      subject: String(r.subject),
      value: Number(r.value),
      threshold: Number(r.threshold),
      drifted: Boolean(r.drifted),
    }));
  }

  async recentTrainingRequests(limit: number): Promise<TrainingRequestRow[]> {
    const rows = await this.store.query<Record<string, unknown>>(
      `SELECT model, reason, toUnixTimestamp64Milli(requested_at) AS at
       FROM training_requests ORDER BY requested_at DESC, model LIMIT {limit:UInt32}`,
      { limit },
    );
    return rows.map((r) => ({ model: String(r.model), reason: String(r.reason), requestedAtMs: Number(r.at) }));
  }
}
