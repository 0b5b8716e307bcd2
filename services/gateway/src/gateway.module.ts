import { Module, type DynamicModule } from '@nestjs/common';
import * as contracts from '@demand/contracts';
import { LIFECYCLE, type Lifecycle, ServiceRuntimeModule } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { FetchMetricsScraper } from './adapters/fetch-metrics-scraper.adapter.js';
import { GrpcUpstreamCalls } from './adapters/grpc-upstream-calls.adapter.js';
import { KafkaConsumerLag } from './adapters/kafka-consumer-lag.adapter.js';
import { loadProtoRoot } from './adapters/proto-root.adapter.js';
import type { GatewayConfig } from './config.js';
import { buildApiCatalog } from './domain/api-catalog.js';
import { GatewayService } from './domain/gateway-service.js';
import { PipelineMonitor } from './domain/pipeline-monitor.js';
import { ApiController } from './http/api.controller.js';
import { ConsoleController } from './http/console.controller.js';

@Module({})
export class GatewayModule {
  /**
   * Gateway = HTTP/JSON → proto3 JSON codecs (ts-proto) → gRPC call to the service that serves the
   * API → JSON answer, with gRPC statuses mapped to HTTP; plus the web console and the pipeline
   * figures read from every service's /metrics.
   */
  static forRoot(config: GatewayConfig, logger: Logger, inProcessWithOthers = false): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'gateway', logger, collectProcessMetrics: !inProcessWithOthers }),
      ],
      controllers: [ApiController, ConsoleController],
      providers: [
        {
          provide: GatewayService,
          inject: [LIFECYCLE],
          useFactory: (lifecycle: Lifecycle) => {
            const catalog = buildApiCatalog(
              loadProtoRoot(),
              config.upstreams.map(({ api }) => ({ name: api.name, definition: api.client.service })),
              contracts as unknown as Record<string, unknown>,
            );
            const upstream = new GrpcUpstreamCalls(config.upstreams, config.callTimeoutMs);
            lifecycle.add(
              'upstream clients',
              async () => undefined,
              async () => upstream.close(),
            );
            return new GatewayService(catalog, upstream);
          },
        },
        {
          provide: PipelineMonitor,
          inject: [LIFECYCLE],
          useFactory: (lifecycle: Lifecycle) => {
            const lags = new KafkaConsumerLag(config.kafka, logger.child({ component: 'broker offsets' }));
            lifecycle.add(
              'broker offsets',
              async () => undefined,
              () => lags.close(),
            );
            return new PipelineMonitor(config.metricsTargets, new FetchMetricsScraper(5_000), () => new Date(), lags);
          },
        },
      ],
    };
  }
}
