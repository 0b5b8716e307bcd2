import { Module, type DynamicModule } from '@nestjs/common';
import { Topics } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import {
  busTransportProvider,
  EVENT_BUS,
  eventBusProvider,
  LIFECYCLE,
  type Lifecycle,
  LOGGER,
  METRICS_REGISTRY,
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Registry } from 'prom-client';
import type { Logger } from '@demand/telemetry';
import { BusPreprocessedSink } from './adapters/bus-preprocessed-sink.adapter.js';
import { resolvePseudonymKey } from '@demand/pseudonyms';
import { BusCatalogFeed } from './adapters/bus-catalog-feed.adapter.js';
import type { PreprocessorConfig } from './config.js';
import { PreprocessMetrics } from './consumers/preprocess.metrics.js';
import { JOIN_LIMITS, RawEventsConsumer } from './consumers/raw-events.consumer.js';
import { createPreprocessState } from './domain/preprocess-state.js';
import { Preprocessor } from './domain/preprocessor.js';
import { CATALOG_FEED, type CatalogFeed } from './ports/catalog-feed.port.js';
import { PREPROCESSED_SINK, type PreprocessedSink } from './ports/preprocessed-sink.port.js';

@Module({})
export class PreprocessorModule {
  /** Preprocessor = raw events → clean, protect, segment → clean events + texts; the rest to the DLQ. */
  static forRoot(config: PreprocessorConfig, logger: Logger, shared: SharedInfrastructure = {}): DynamicModule {
    return {
      module: PreprocessorModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'preprocessor',
          logger,
          collectProcessMetrics: !shared.inProcessWithOthers,
        }),
      ],
      controllers: [RawEventsConsumer],
      providers: [
        // Partitions side by side: while one batch waits for the broker's acknowledgement the next is
        // cleaned. Safe for the shared state: partitions hold disjoint users (keyed by user id).
        // All of them: the batches of one fetch join into one pass (RawEventsConsumer), one publish.
        eventBusProvider({
          clientId: 'preprocessor',
          env: config.env,
          consumer: { partitionsConsumedConcurrently: Topics.eventsRaw.partitions },
        }),
        {
          provide: PREPROCESSED_SINK,
          inject: [EVENT_BUS],
          useFactory: (bus: EventBus) => new BusPreprocessedSink(bus),
        },
        {
          provide: CATALOG_FEED,
          inject: [EVENT_BUS],
          useFactory: (bus: EventBus) => new BusCatalogFeed(bus),
        },
        {
          provide: Preprocessor,
          inject: [PREPROCESSED_SINK, CATALOG_FEED, LIFECYCLE, LOGGER],
          useFactory: (sink: PreprocessedSink, catalog: CatalogFeed, lifecycle: Lifecycle, log: Logger) => {
            const state = createPreprocessState({
              key: resolvePseudonymKey(config.pseudonymKey),
              dedupWindow: config.dedupWindow,
              bots: config.bots,
              maxTextLength: config.limits.maxTextLength,
            });
            lifecycle.add('catalog view', async () => {
              await catalog.follow((items) => state.learnItems(items));
              log.info(
                { items: state.catalog.size, pseudonymKey: config.pseudonymKey.kind },
                'catalog read from catalog.items.v1; following it',
              );
            });
            return new Preprocessor(
              sink,
              catalog,
              { limits: config.limits, currency: config.currency, lateAfterMs: config.lateAfterMs },
              state,
            );
          },
        },
        { provide: JOIN_LIMITS, useValue: config.join },
        {
          provide: PreprocessMetrics,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => new PreprocessMetrics(registry),
        },
        busTransportProvider(),
      ],
    };
  }
}
