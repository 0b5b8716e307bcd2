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
  /** Services of one stage start together, after every service of the stages before. */
  stage: number;
  /** Validates the service's own section of the environment; throws ConfigError. */
  configure(env: Environment): unknown;
  start(config: unknown, logger: Logger, shared: SharedInfrastructure): Promise<RunningService>;
}

function target<C>(
  name: string,
  stage: number,
  load: (env: Environment) => C,
  start: (config: C, logger: Logger, shared: SharedInfrastructure) => Promise<RunningService>,
): ServiceTarget {
  return { name, stage, configure: load, start: (config, logger, shared) => start(config as C, logger, shared) };
}

/**
 * Every service of the platform in start-up stages: the aggregator (whose tables the model
 * services read at start) with the preprocessor first, the model services together next, the
 * collector (the front door) after them, so nothing is accepted before it can flow on, and the
 * gateway (HTTP API and web console) last, pointed at the others' ports. Within a stage the
 * services start at once: most of a start is waiting for consumer groups to form.
 */
export const serviceTargets: ServiceTarget[] = [
  target('aggregator', 0, loadAggregatorConfig, startAggregator),
  target('preprocessor', 0, loadPreprocessorConfig, startPreprocessor),
  target('embedder', 1, loadEmbedderConfig, startEmbedder),
  target('forecaster', 1, loadForecasterConfig, startForecaster),
  target('recommender', 1, loadRecommenderConfig, startRecommender),
  target('feedback', 1, loadFeedbackConfig, startFeedback),
  target('collector', 2, loadCollectorConfig, startCollector),
  target('gateway', 3, loadGatewayConfig, startGateway),
];
