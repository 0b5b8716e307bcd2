import { Module, type DynamicModule } from '@nestjs/common';
import type { EventBus } from '@demand/bus';
import { CollectorService } from '@demand/contracts';
import {
  EVENT_BUS,
  eventBusProvider,
  grpcTransportProviders,
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { BusRawEventSink } from './adapters/bus-raw-event-sink.adapter.js';
import type { CollectorConfig } from './config.js';
import { EventIntake } from './domain/event-intake.js';
import { CollectorGrpcController } from './grpc/collector.controller.js';
import { RAW_EVENT_SINK, type RawEventSink } from './ports/raw-event-sink.port.js';

@Module({})
export class CollectorModule {
  /** Collector = gRPC intake → raw topic on the event bus (stateless: any replica takes any call). */
  static forRoot(config: CollectorConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    const { env } = config;
    return {
      module: CollectorModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'collector',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: [CollectorGrpcController],
      providers: [
        eventBusProvider({ clientId: 'collector', env }),
        { provide: RAW_EVENT_SINK, inject: [EVENT_BUS], useFactory: (bus: EventBus) => new BusRawEventSink(bus) },
        {
          provide: EventIntake,
          inject: [RAW_EVENT_SINK],
          useFactory: (sink: RawEventSink) => new EventIntake(sink, config.limits),
        },
        ...grpcTransportProviders(env, { 'demand.v1.Collector': CollectorService }),
      ],
    };
  }
}
