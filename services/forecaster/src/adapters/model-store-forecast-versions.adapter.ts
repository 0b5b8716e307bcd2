import type { ModelStore } from '@demand/model-store';
import { FORECAST_MODEL } from '../domain/demand-refresh.js';
import type { ForecastSetArtifact, ForecastVersions } from '../ports/forecast-sink.port.js';

/** Every fitted set becomes a version of "demand-forecast" in the model store (metrics.json, series.json). */
export class ModelStoreForecastVersions implements ForecastVersions {
  constructor(private readonly store: ModelStore) {}

  async publish(artifact: ForecastSetArtifact): Promise<string> {
    const version = await this.store.publish(FORECAST_MODEL, artifact);
    return `${version.name}@${version.version}`;
  }
}
