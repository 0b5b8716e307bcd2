import { Module, type DynamicModule } from '@nestjs/common';
import { ServiceRuntimeModule, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import type { EmbedderConfig } from './config.js';

@Module({})
export class EmbedderModule {
  /** Embedder = texts → ONNX BERT vectors, semantic search, sentiment and intent (issue 5 fills it in). */
  static forRoot(_config: EmbedderConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    return {
      module: EmbedderModule,
      imports: [ServiceRuntimeModule.forRoot({ service: 'embedder', logger, collectProcessMetrics: !shared.inProcessWithOthers })],
    };
  }
}
