import { startService, type RunningService, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { RecommenderConfig } from './config.js';
import { RecommenderModule } from './recommender.module.js';

export function startRecommender(
  config: RecommenderConfig,
  logger: Logger,
  shared: SharedInfrastructure = {},
): Promise<RunningService> {
  return startService({
    name: 'recommender',
    module: RecommenderModule.forRoot(config, logger, shared),
    httpHost: config.env.HTTP_HOST,
    httpPort: config.env.HTTP_PORT,
    logger,
  });
}
