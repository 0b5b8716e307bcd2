import { Module, type DynamicModule } from '@nestjs/common';
import { type EventBus, KafkaLagProbe } from '@demand/bus';
import { CollectorService, Topics } from '@demand/contracts';
import {
  EVENT_BUS,
  eventBusProvider,
  grpcTransportProviders,
  kafkaConnection,
  LIFECYCLE,
  type Lifecycle,
  LOGGER,
  PeriodicTask,
  ServiceRuntimeModule,
  type SharedInfrastructure,
} from '@demand/service-runtime';
import type { Logger } from '@demand/telemetry';
import { BusRawEventSink, rawPartitionOf } from './adapters/bus-raw-event-sink.adapter.js';
import { KafkaPipelineBacklog } from './adapters/kafka-pipeline-backlog.adapter.js';
import type { CollectorConfig } from './config.js';
import { Admission } from './domain/admission.js';
import { EventIntake } from './domain/event-intake.js';
import { LingeringRawEventSink } from './domain/lingering-sink.js';
import { CollectorGrpcController } from './grpc/collector.controller.js';
import { keepingTrackBatchBytes } from './grpc/event-wire-bytes.js';
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
        eventBusProvider({ clientId: 'collector', env, producer: { gather: { lingerMs: config.produceLingerMs } } }),
        {
          provide: RAW_EVENT_SINK,
          inject: [EVENT_BUS, LIFECYCLE],
          useFactory: (bus: EventBus, lifecycle: Lifecycle) => rawEventSink(config, bus, lifecycle),
        },
        {
          provide: EventIntake,
          inject: [RAW_EVENT_SINK],
          useFactory: (sink: RawEventSink) => new EventIntake(sink, config.limits),
        },
        {
          provide: Admission,
          inject: [LIFECYCLE, LOGGER],
          useFactory: (lifecycle: Lifecycle, log: Logger) => admission(config, lifecycle, log),
        },
        ...grpcTransportProviders(env, { 'demand.v1.Collector': keepingTrackBatchBytes(CollectorService) }),
      ],
    };
  }
}

/**
 * The raw topic's writer, calls within the linger sharing records; at stop (before the bus closes) what waits
 * is written and later calls are refused transiently. Linger 0: the plain writer, one record per call.
 */
export function rawEventSink(config: CollectorConfig, bus: EventBus, lifecycle: Lifecycle): RawEventSink {
  const sink = new BusRawEventSink(bus);
  if (config.record.lingerMs <= 0) return sink;
  const lingering = new LingeringRawEventSink(sink, {
    lingerMs: config.record.lingerMs,
    maxEventsPerRecord: config.record.maxEvents,
    partitionOf: rawPartitionOf,
    partitions: Topics.eventsRaw.partitions,
  });
  lifecycle.add(
    'raw records waiting',
    async () => undefined,
    () => lingering.close(),
  );
  return lingering;
}

/** Back-pressure: the preprocessor's backlog read on a timer by its own admin client, closed at stop. */
function admission(config: CollectorConfig, lifecycle: Lifecycle, log: Logger): Admission {
  const probe = new KafkaLagProbe(
    kafkaConnection(config.env, 'collector-backlog', log.child({ component: 'backlog' })),
  );
  const gate = new Admission(new KafkaPipelineBacklog(probe, config.admission.backlogGroup), config.admission);
  const refresh = new PeriodicTask(
    () => gate.refresh(),
    { everyMs: config.admission.backlogCheckMs, runAtStart: true, failureMessage: 'cannot read the pipeline backlog' },
    log,
  );
  lifecycle.add(
    'pipeline backlog',
    async () => refresh.start(),
    async () => {
      await refresh.stop();
      await probe.close();
    },
  );
  return gate;
}
