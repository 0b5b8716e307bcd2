import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { ForecasterConfig } from './config.js';

@Module({})
export class ForecasterModule {
  /** Forecaster = daily demand series → forecasts with intervals, purchase propensity (a later issue fills it in). */
  static forRoot(_config: ForecasterConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    return {
      module: ForecasterModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'forecaster',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
    };
  }
}
