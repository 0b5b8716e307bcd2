import { startService, type RunningService, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { GatewayConfig } from './config.js';
import { GatewayModule } from './gateway.module.js';

export function startGateway(
  config: GatewayConfig,
  logger: Logger,
  shared: SharedInfrastructure = {},
): Promise<RunningService> {
  return startService({
    name: 'gateway',
    module: GatewayModule.forRoot(config, logger, shared.inProcessWithOthers === true),
    httpHost: config.env.HTTP_HOST,
    httpPort: config.env.HTTP_PORT,
    logger,
  });
}
