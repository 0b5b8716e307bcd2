import { startService, type RunningService, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { AggregatorModule } from './aggregator.module.js';
import type { AggregatorConfig } from './config.js';

export function startAggregator(
  config: AggregatorConfig,
  logger: Logger,
  shared: SharedInfrastructure = {},
): Promise<RunningService> {
  return startService({
    name: 'aggregator',
    module: AggregatorModule.forRoot(config, logger, shared),
    httpHost: config.env.HTTP_HOST,
    httpPort: config.env.HTTP_PORT,
    logger,
  });
}
