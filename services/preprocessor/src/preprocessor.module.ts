import { Module, type DynamicModule } from '@nestjs/common';
import type { EventBus } from '@demand/bus';
import { consumerProvider, EVENT_BUS, eventBusProvider, LOGGER, ServiceRuntimeModule, type SharedInfrastructure } from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { BusCleanEventSink } from './adapters/bus-clean-event-sink.adapter.js';
import type { PreprocessorConfig } from './config.js';
import { subscribeRawEvents } from './consumers/raw-events.consumer.js';
import { Preprocessor } from './domain/preprocessor.js';

@Module({})
export class PreprocessorModule {
  /** Preprocessor = raw events → dedupe, clean → clean events; the rest to the DLQ. */
  static forRoot(config: PreprocessorConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    return {
      module: PreprocessorModule,
      imports: [ServiceRuntimeModule.forRoot({ service: 'preprocessor', logger, collectProcessMetrics: !shared.inProcessWithOthers })],
      providers: [
        eventBusProvider({ clientId: 'preprocessor', env: config.env }),
        { provide: Preprocessor, inject: [EVENT_BUS], useFactory: (bus: EventBus) => new Preprocessor(new BusCleanEventSink(bus), config.limits, config.env.PREPROCESSOR_DEDUP_WINDOW) },
        consumerProvider('raw events consumer', [EVENT_BUS, Preprocessor, LOGGER], (bus: EventBus, preprocessor: Preprocessor, log: Logger) => subscribeRawEvents(bus, preprocessor, log)),
      ],
    };
  }
}
