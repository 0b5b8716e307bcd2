import { Module, type DynamicModule } from '@nestjs/common';
import type { EventBus } from '@demand/bus';
import { CollectorService } from '@demand/contracts';
import {
  EVENT_BUS,
  eventBusProvider,
  grpcTransportProviders,
  LIFECYCLE,
  type Lifecycle,
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { BusRawEventSink } from './adapters/bus-raw-event-sink.adapter.js';
import { FileSeenEventIds } from './adapters/file-seen-event-ids.adapter.js';
import type { CollectorConfig } from './config.js';
import { EventIntake } from './domain/event-intake.js';
import { CollectorGrpcController } from './grpc/collector.controller.js';
import { RAW_EVENT_SINK, type RawEventSink } from './ports/raw-event-sink.port.js';
import { SEEN_EVENT_IDS, type SeenEventIds } from './ports/seen-event-ids.port.js';

@Module({})
export class CollectorModule {
  /** Collector = gRPC intake → (seen-id store) → raw topic on the event bus. */
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
          provide: SEEN_EVENT_IDS,
          inject: [LIFECYCLE],
          useFactory: (lifecycle: Lifecycle) => {
            const store = new FileSeenEventIds(config.dataDir, config.dedup.maxIds);
            lifecycle.add(
              'seen event ids',
              async () => store.open(Date.now() - config.dedup.windowMs),
              async () => store.close(),
            );
            return store;
          },
        },
        {
          provide: EventIntake,
          inject: [RAW_EVENT_SINK, SEEN_EVENT_IDS],
          useFactory: (sink: RawEventSink, seen: SeenEventIds) =>
            new EventIntake(sink, config.limits, seen, config.dedup),
        },
        ...grpcTransportProviders(env, { 'demand.v1.Collector': CollectorService }),
      ],
    };
  }
}
