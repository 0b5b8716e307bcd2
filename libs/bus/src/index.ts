export type {
  EventBus,
  ConsumerSpec,
  ConsumedRecord,
  BatchOutcome,
  DeferredCommit,
  RetryPolicy,
  Subscription,
  PublishOptions,
  TopicProvisioner,
  TopicSpec,
  FollowSpec,
  AssignmentWatch,
} from './bus.port.js';
export { KafkaEventBus, type KafkaBusOptions } from './kafka-bus.adapter.js';
/** The records a publish sends (without `batched`), for probes measuring their encoding without a broker. */
export { singleRecords } from './record-forms.js';
/** Where a batched publish groups a message: for callers gathering messages per record. */
export { MAX_VALUES_PER_RECORD, partitionOfKey } from './record-forms.js';
export { KafkaAdminTopicProvisioner } from './kafka-admin-provisioner.adapter.js';
export type { ConsumerTuning } from './kafka-subscription.js';
export type { BusLogger, LogMethod } from './logger.js';
export { BusError, isTransient } from './errors.js';
export { defaultRetryPolicy, backoffDelayMs, resolveRetryPolicy } from './backoff.js';
export { createBusMetrics, type BusMetrics } from './bus.metrics.js';
export { decodeHeaders, type DeadLetterStage } from './headers.js';
export { PendingAcks, type PendingAcksHooks } from './pending-acks.js';
export { type GroupLagQuery, KafkaLagProbe } from './kafka-lag-probe.js';
export {
  kafkaSecurity,
  type KafkaConnectionOptions,
  type KafkaJsLogLevel,
  type KafkaSecurity,
} from './kafka-connection.js';
export type { BusTenant } from './tenant.js';
