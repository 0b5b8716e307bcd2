import { startService, type RunningService, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { EmbedderConfig } from './config.js';
import { EmbedderModule } from './embedder.module.js';

export function startEmbedder(
  config: EmbedderConfig,
  logger: Logger,
  shared: SharedInfrastructure = {},
): Promise<RunningService> {
  return startService({
    name: 'embedder',
    module: EmbedderModule.forRoot(config, logger, shared),
    httpHost: config.env.HTTP_HOST,
    httpPort: config.env.HTTP_PORT,
    logger,
  });
}
