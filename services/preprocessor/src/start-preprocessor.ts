import { startService, type RunningService, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { PreprocessorConfig } from './config.js';
import { PreprocessorModule } from './preprocessor.module.js';

export function startPreprocessor(
  config: PreprocessorConfig,
  logger: Logger,
  shared: SharedInfrastructure = {},
): Promise<RunningService> {
  return startService({
    name: 'preprocessor',
    module: PreprocessorModule.forRoot(config, logger, shared),
    httpHost: config.env.HTTP_HOST,
    httpPort: config.env.HTTP_PORT,
    logger,
  });
}
