import { startService, type RunningService, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { FeedbackConfig } from './config.js';
import { FeedbackModule } from './feedback.module.js';

export function startFeedback(
  config: FeedbackConfig,
  logger: Logger,
  shared: SharedInfrastructure = {},
): Promise<RunningService> {
  return startService({
    name: 'feedback',
    module: FeedbackModule.forRoot(config, logger, shared),
    httpHost: config.env.HTTP_HOST,
    httpPort: config.env.HTTP_PORT,
    logger,
  });
}
