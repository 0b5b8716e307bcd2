import type { DemandLevelName, ForecastPointOut } from '../domain/forecaster.js';

/** One series' reconciled forecast, as the refresh publishes it. */
export interface PublishedForecast {
  level: DemandLevelName;
  /** Item id, category name, '' for the shop. */
  id: string;
  method: string;
  backtestMase: number;
  points: ForecastPointOut[];
  /** e.g. "demand-forecast@12". */
  modelVersion: string;
  kind: 'refit' | 'update';
  /** Last day of history the forecast rests on. */
  dataThrough: string;
  occurredAt: string;
}

/** Where refreshed forecasts go (forecasts.updated.v1 in production). */
export interface ForecastPublisher {
  publish(forecasts: readonly PublishedForecast[]): Promise<void>;
}

/** A fitted set recorded as a model version: what was fitted on which days, and how well it backtested. */
export interface ForecastSetArtifact {
  metadata: Record<string, unknown>;
  files: Record<string, string>;
}

/** Versions of the fitted sets (the model store in production). Returns the version's label. */
export interface ForecastVersions {
  publish(artifact: ForecastSetArtifact): Promise<string>;
}
