import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { RecommenderConfig } from './config.js';

@Module({})
export class RecommenderModule {
  /** Recommender = candidates → ranking → filtered, explained recommendations (a later issue fills it in). */
  static forRoot(_config: RecommenderConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    return {
      module: RecommenderModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'recommender',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
    };
  }
}
