export { ServiceRuntimeModule, type ServiceRuntimeOptions } from './service-runtime.module.js';
export { connectTransports, startService, type RunningService } from './start-service.js';
export { Lifecycle, type LifecycleStage } from './lifecycle.js';
export { Readiness, type ReadinessCheck } from './readiness.js';
export { LIFECYCLE, LOGGER, METRICS_REGISTRY, MICROSERVICE_TRANSPORTS, READINESS, SERVICE_PORTS } from './tokens.js';
export { runUntilSignal } from './run-until-signal.js';
export { PeriodicTask, type PeriodicTaskOptions } from './periodic-task.js';
export {
  GRPC_CALL_GUARD,
  GRPC_TRANSPORT,
  type GrpcCallGuard,
  grpcTransportProviders,
  type GrpcSettings,
} from './grpc-transport.provider.js';
export {
  EVENT_BUS,
  ANALYTICS_STORE,
  eventBusProvider,
  kafkaConnection,
  kafkaSecurityOptions,
  analyticsStoreProvider,
  analyticsStoreConfig,
  type SharedInfrastructure,
  type KafkaEnv,
  type AnalyticsEnv,
} from './infrastructure.providers.js';
/** How every Kafka client maps TLS and SASL (the gateway's own admin client too). */
export { kafkaSecurity, type KafkaSecurity } from '@demand/bus';
export { BUS_TRANSPORT, busTransportProvider } from './bus-transport.provider.js';
export { BusTransport, BUS_TRANSPORT_ID, type BatchConsumerOptions } from './bus-transport.js';
export { ConsumeBatches, PassBatchErrorsToBus } from './consume-batches.decorator.js';
