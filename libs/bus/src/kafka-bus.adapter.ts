import type { Kafka, Message, Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { TopicDefinition } from '@demand/contracts';
import { randomUUID } from 'node:crypto';
import type {
  AssignmentWatch,
  ConsumerSpec,
  EventBus,
  FollowSpec,
  PublishOptions,
  Subscription,
  TopicProvisioner,
  TopicSpec,
} from './bus.port.js';
import { createBusMetrics, type BusMetrics } from './bus.metrics.js';
import { BusError, errorMessage, isRetriableKafkaFailure } from './errors.js';
import { publishHeaders } from './headers.js';
import { batchedRecords, singleRecords } from './record-forms.js';
import { KafkaAdminTopicProvisioner } from './kafka-admin-provisioner.adapter.js';
import { deleteFollowGroup, followRange, untilCaughtUp } from './kafka-follow.js';
import { keyPartitioner } from './key-partitioner.js';
import { KafkaSubscription, type ConsumerTuning } from './kafka-subscription.js';
import { kafkaClient, type KafkaConnectionOptions, RETRY_TIMING } from './kafka-connection.js';
import { applyKafkaJsStopFix } from './kafkajs-stop-fix.js';
import type { DeadLetter } from './records.js';
import { SendGatherer, type GatherLimits } from './send-gatherer.js';
import { TenantTopics, tenantName, withTenantHeader } from './tenant.js';
import { inProducerSpan } from './tracing.js';

export interface KafkaBusOptions extends KafkaConnectionOptions {
  /** The owning service's registry (several services may share one process). */
  readonly metricsRegistry: Registry;
  readonly consumer?: ConsumerTuning;
  readonly producer?: {
    /** Send retries before `publish` throws a transient error (default 5, about 10-30 s). */
    retries?: number;
    /** Kafka's idempotent producer (no duplicates on retry); it then retries without limit. */
    idempotent?: boolean;
    /** How much concurrent publishes may gather into one send (default 10,000 records, 2 MiB, no linger). */
    gather?: Partial<GatherLimits>;
  };
  /** How topics get created: Kafka's admin API unless given (the local broker brings its own). */
  readonly topicProvisioner?: TopicProvisioner;
  /** Replication of topics created through the admin API (default: the broker's default). */
  readonly replicationFactor?: number;
}

const defaultGatherLimits: GatherLimits = { maxRecords: 10_000, maxBytes: 2 * 1024 * 1024 };

/** The event bus over Kafka (kafkajs): any Kafka-protocol cluster, the local broker included. */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly metrics: BusMetrics;
  private readonly provisioner: TopicProvisioner;
  private readonly subscriptions = new Set<KafkaSubscription<unknown>>();
  /** watchAssignments' listeners by group and topic (as subscribed, before tenant prefixes). */
  private readonly assignmentListeners = new Map<string, Set<(partitions: readonly number[]) => void>>();
  private readonly gatherer: SendGatherer;
  private readonly tenantTopics: TenantTopics;
  private producerConnection: Promise<void> | undefined;
  /**
   * Set once a client of this bus has connected (and logged in): a login refused after that is a
   * broker restarting or credentials being rotated, which a handler's publish retries.
   */
  private connectedOnce = false;
  private closing: Promise<void> | undefined;
  /** Set once the consumers have stopped: publishing from their last batches is still allowed before. */
  private closed = false;

  constructor(private readonly options: KafkaBusOptions) {
    if (options.brokers.length === 0) throw new Error('KafkaEventBus needs at least one broker address');
    applyKafkaJsStopFix();
    this.kafka = kafkaClient(options);
    const idempotent = options.producer?.idempotent ?? false;
    this.producer = this.kafka.producer({
      createPartitioner: keyPartitioner,
      idempotent,
      retry:
        idempotent && options.producer?.retries === undefined
          ? { ...RETRY_TIMING, retries: Number.MAX_SAFE_INTEGER }
          : { ...RETRY_TIMING, retries: options.producer?.retries ?? 5 },
    });
    this.metrics = createBusMetrics(options.metricsRegistry);
    this.tenantTopics = new TenantTopics(options.tenant);
    this.gatherer = new SendGatherer(
      async (batches) => {
        await this.connect();
        await this.producer.sendBatch({
          topicMessages: batches.map((b) => ({ topic: b.topic, messages: b.records })),
          acks: -1,
        });
      },
      { ...defaultGatherLimits, ...options.producer?.gather },
    );
    this.provisioner =
      options.topicProvisioner ?? new KafkaAdminTopicProvisioner(this.kafka, options.replicationFactor);
  }

  async publish<T>(shared: TopicDefinition<T>, messages: readonly T[], options: PublishOptions<T> = {}): Promise<void> {
    const topic = this.tenantTopics.of(shared);
    if (this.closed) throw new BusError('the event bus is closed', { transient: false });
    if (messages.length === 0) return;
    await inProducerSpan(topic.name, messages.length, async (traceContext) => {
      const headers = publishHeaders({ extra: withTenantHeader(options.headers, this.options.tenant), traceContext });
      const records =
        options.batched && topic.batched
          ? batchedRecords(topic, topic.batched, messages, headers, options.encodedParts, options.partitions)
          : singleRecords(topic, messages, headers, options.encodedParts);
      await this.send(topic.name, records);
    });
    this.metrics.recordsPublished.inc({ topic: topic.name }, messages.length);
  }

  subscribe<T>(spec: ConsumerSpec<T>): Promise<Subscription> {
    return this.startSubscription(spec);
  }

  private async startSubscription<T>(
    spec: ConsumerSpec<T>,
    afterLeaving?: () => Promise<void>,
  ): Promise<KafkaSubscription<T>> {
    if (this.closing) throw new BusError('the event bus is closing', { transient: false });
    const { tenant } = this.options;
    const own = { ...spec, topic: this.tenantTopics.of(spec.topic), groupId: tenantName(spec.groupId, tenant) };
    const subscription = new KafkaSubscription(own, {
      kafka: this.kafka,
      logger: this.options.logger,
      metrics: this.metrics,
      tuning: this.options.consumer ?? {},
      deadLetter: (dlqTopic, letters) => this.deadLetter(dlqTopic, letters),
      onConnected: () => {
        this.connectedOnce = true;
      },
      onAssigned: (partitions) => {
        for (const listener of this.assignmentListeners.get(assignmentKey(spec)) ?? []) listener(partitions);
      },
      onStopped: (s) => this.subscriptions.delete(s),
      ...(afterLeaving ? { afterLeaving } : {}),
    });
    this.subscriptions.add(subscription as KafkaSubscription<unknown>);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.stop().catch(() => undefined);
      const at = this.options.brokers.join(',');
      throw new BusError(
        `cannot subscribe group ${spec.groupId} to ${spec.topic.name} at ${at}: ${errorMessage(error)}`,
        {
          transient: isRetriableKafkaFailure(error, 'start-up'),
          cause: error,
        },
      );
    }
    return subscription;
  }

  async follow<T>(spec: FollowSpec<T>): Promise<Subscription> {
    const { tenant, logger } = this.options;
    const groupId = `${spec.groupPrefix}-${randomUUID()}`;
    const ownGroup = tenantName(groupId, tenant);
    const topic = tenantName(spec.topic.name, tenant);
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const range = await followRange(admin, topic, spec.since, logger);
      // The group is this member's alone: deleted once it stops, its committed offsets with it.
      const subscription = await this.startSubscription(
        {
          groupId,
          topic: spec.topic,
          fromBeginning: true,
          handle: spec.handle,
          ...(range.starts ? { startOffsets: range.starts } : {}),
        },
        () => deleteFollowGroup(this.kafka, ownGroup, logger),
      );
      await untilCaughtUp(admin, { groupId: ownGroup, topic, range }, () => this.closing !== undefined);
      return subscription;
    } finally {
      await admin.disconnect();
    }
  }

  ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    return this.provisioner.createTopics(topics.map((t) => ({ ...t, name: tenantName(t.name, this.options.tenant) })));
  }

  watchAssignments(consumer: AssignmentWatch, listener: (partitions: readonly number[]) => void): () => void {
    const key = assignmentKey(consumer);
    const listeners = this.assignmentListeners.get(key) ?? new Set();
    this.assignmentListeners.set(key, listeners);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  isHealthy(): boolean {
    if (this.closing) return false;
    for (const subscription of this.subscriptions) if (!subscription.isHealthy()) return false;
    return true;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
      this.closed = true;
      await this.gatherer.drained();
      await this.producer.disconnect();
    })();
    return this.closing;
  }

  private deadLetter(dlqTopic: string, letters: readonly DeadLetter[]): Promise<void> {
    return this.send(
      dlqTopic,
      letters.map((letter) => ({ key: letter.key, value: letter.value, headers: letter.headers })),
    );
  }

  /** Sends with acks from all in-sync replicas; failures become `BusError`s saying whether to retry. */
  private async send(topic: string, records: Message[]): Promise<void> {
    try {
      await this.gatherer.send(topic, records);
    } catch (error) {
      if (error instanceof BusError) throw error;
      throw new BusError(`publishing ${records.length} records to ${topic} failed: ${errorMessage(error)}`, {
        transient: isRetriableKafkaFailure(error, 'running'),
        cause: error,
      });
    }
  }

  /**
   * Connects the producer (logging in): at start-up, so that a refused login or an untrusted
   * certificate stops it (a `BusError` naming the brokers, not transient; a broker down is
   * transient), and again at a send after a failed connect — until one succeeded, that is start-up.
   */
  connect(): Promise<void> {
    this.producerConnection ??= this.producer.connect().then(
      () => {
        this.connectedOnce = true;
      },
      (error: unknown) => {
        this.producerConnection = undefined;
        const at = this.options.brokers.join(',');
        throw new BusError(`cannot connect to Kafka at ${at}: ${errorMessage(error)}`, {
          transient: isRetriableKafkaFailure(error, this.connectedOnce ? 'running' : 'start-up'),
          cause: error,
        });
      },
    );
    return this.producerConnection;
  }
}

function assignmentKey({ groupId, topic }: AssignmentWatch): string {
  return `${groupId}\u0000${topic.name}`;
}
