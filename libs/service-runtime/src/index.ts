export { ServiceRuntimeModule, type ServiceRuntimeOptions } from './service-runtime.module.js';
export { startService, type RunningService } from './start-service.js';
export { Lifecycle } from './lifecycle.js';
export { Readiness, type ReadinessCheck } from './readiness.js';
export { LIFECYCLE, LOGGER, METRICS_REGISTRY, READINESS, SERVICE_PORTS } from './tokens.js';
export { runUntilSignal } from './run-until-signal.js';
export { GRPC_HOST, grpcHostProvider, type GrpcHostSettings } from './grpc-host.provider.js';
export {
  EVENT_BUS,
  ANALYTICS_STORE,
  eventBusProvider,
  analyticsStoreProvider,
  analyticsStoreConfig,
  type SharedInfrastructure,
  type KafkaEnv,
  type AnalyticsEnv,
} from './infrastructure.providers.js';
export { consumerProvider } from './consumer.provider.js';
