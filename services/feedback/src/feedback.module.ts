import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { FeedbackConfig } from './config.js';

@Module({})
export class FeedbackModule {
  /** Feedback = served recommendations + outcomes → online metrics, drift, retraining (a later issue fills it in). */
  static forRoot(_config: FeedbackConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    return {
      module: FeedbackModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'feedback',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
    };
  }
}
