import { startService, type RunningService, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { ForecasterConfig } from './config.js';
import { ForecasterModule } from './forecaster.module.js';

export function startForecaster(
  config: ForecasterConfig,
  logger: Logger,
  shared: SharedInfrastructure = {},
): Promise<RunningService> {
  return startService({
    name: 'forecaster',
    module: ForecasterModule.forRoot(config, logger, shared),
    httpHost: config.env.HTTP_HOST,
    httpPort: config.env.HTTP_PORT,
    logger,
  });
}
