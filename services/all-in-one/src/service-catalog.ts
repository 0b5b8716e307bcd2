import type { Environment } from '@demand/config';
import type { RunningService, SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { loadAggregatorConfig, startAggregator } from '@demand/aggregator';
import { loadCollectorConfig, startCollector } from '@demand/collector';
import { loadEmbedderConfig, startEmbedder } from '@demand/embedder';
import { loadFeedbackConfig, startFeedback } from '@demand/feedback';
import { loadForecasterConfig, startForecaster } from '@demand/forecaster';
import { loadGatewayConfig, startGateway } from '@demand/gateway';
import { loadPreprocessorConfig, startPreprocessor } from '@demand/preprocessor';
import { loadRecommenderConfig, startRecommender } from '@demand/recommender';

export interface ServiceTarget {
  name: string;
  /** Validates the service's own section of the environment; throws ConfigError. */
  configure(env: Environment): unknown;
  start(config: unknown, logger: Logger, shared: SharedInfrastructure): Promise<RunningService>;
}

function target<C>(
  name: string,
  load: (env: Environment) => C,
  start: (config: C, logger: Logger, shared: SharedInfrastructure) => Promise<RunningService>,
): ServiceTarget {
  return { name, configure: load, start: (config, logger, shared) => start(config as C, logger, shared) };
}

/**
 * Every service of the platform in start-up order: stores and consumers downstream first,
 * the collector (the front door) next, so nothing is accepted before it can flow on, and the
 * gateway (HTTP API and web console) last, pointed at the others' ports.
 */
export const serviceTargets: ServiceTarget[] = [
  target('aggregator', loadAggregatorConfig, startAggregator),
  target('preprocessor', loadPreprocessorConfig, startPreprocessor),
  target('embedder', loadEmbedderConfig, startEmbedder),
  target('forecaster', loadForecasterConfig, startForecaster),
  target('recommender', loadRecommenderConfig, startRecommender),
  target('feedback', loadFeedbackConfig, startFeedback),
  target('collector', loadCollectorConfig, startCollector),
  target('gateway', loadGatewayConfig, startGateway),
];
