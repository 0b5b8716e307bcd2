import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumerSpec, Subscription } from './bus.port.js';
import type { BusMetrics } from './bus.metrics.js';
import type { BusLogger } from './logger.js';
import { abortableDelay, backoffDelayMs, resolveRetryPolicy } from './backoff.js';
import { BatchProcessor } from './batch-processor.js';
import { DeferredCommits } from './deferred-commits.js';
import { errorMessage } from './errors.js';
import { handleKafkaBatch, type KafkaBatchContext } from './kafka-batch.js';
import type { DeadLetter } from './records.js';

export interface ConsumerTuning {
  /** Longest a fetch waits for new records (default 200 ms). */
  maxWaitTimeInMs?: number;
  /** Default 30 s. */
  sessionTimeout?: number;
  /** Default 3 s; the bus heartbeats at this pace while a handler runs or a retry waits. */
  heartbeatInterval?: number;
  maxBytesPerPartition?: number;
  /** Partitions whose batches are handled at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
}

export interface KafkaSubscriptionDeps {
  readonly kafka: Kafka;
  readonly logger: BusLogger;
  readonly metrics: BusMetrics;
  readonly tuning: ConsumerTuning;
  /** Writes to the named dead-letter topic; resolves once acknowledged. */
  deadLetter(dlqTopic: string, letters: readonly DeadLetter[]): Promise<void>;
  /** Once the consumer has connected and logged in, before any batch is handled. */
  onConnected(): void;
  /** After each join: the partitions of the topic this member now holds. */
  onAssigned(partitions: readonly number[]): void;
  onStopped(subscription: KafkaSubscription<unknown>): void;
  /** Once the member has left its group on stop (a group of a follow of its own is deleted then). */
  afterLeaving?(): Promise<void>;
}

/** Waits between restarts of a consumer kafkajs left crashed: 1 s doubling to 30 s. */
const RESTART_BACKOFF = { initialDelayMs: 1000, maxDelayMs: 30_000 };

/** One consumer group member on one topic, feeding batches to a `BatchProcessor`. */
export class KafkaSubscription<T> implements Subscription {
  readonly groupId: string;
  readonly topic: string;
  private readonly consumer: Consumer;
  private readonly processor: BatchProcessor<T>;
  private readonly stopping = new AbortController();
  private crashed = false;
  private stopped: Promise<void> | undefined;
  /** The restart in progress (its waits included) after a crash kafkajs does not restart. */
  private restarting: Promise<void> | undefined;
  private crashedWhileRestarting = false;
  /** Set once `start` has joined: a crash before fails `start` instead of restarting. */
  private started = false;
  /** Commits on the handler's later acknowledgement (spec.deferredCommit). */
  private readonly deferred: DeferredCommits | undefined;
  private readonly batchContext: KafkaBatchContext<T>;
  /**
   * spec.startOffsets of the partitions this member has not committed yet: sought on every join, so
   * a rejoin (after a crash) before the first commit of a partition does not read it from its start.
   */
  private readonly unstarted: Map<number, string>;
  /** Resolved by the first join; rejected by a crash for good before it (a later one is a no-op). */
  private readonly firstJoin = Promise.withResolvers<void>();

  constructor(
    private readonly spec: ConsumerSpec<T>,
    private readonly deps: KafkaSubscriptionDeps,
  ) {
    this.groupId = spec.groupId;
    this.topic = spec.topic.name;
    const policy = resolveRetryPolicy(spec.retry, { deferredCommit: spec.deferredCommit !== undefined });
    this.processor = new BatchProcessor(spec, { logger: deps.logger, metrics: deps.metrics, policy });
    const heartbeatIntervalMs = deps.tuning.heartbeatInterval ?? 3000;
    this.unstarted = new Map((spec.startOffsets ?? []).map((p) => [p.partition, p.offset]));
    this.firstJoin.promise.catch(() => undefined); // observed by start(); an early crash is not unhandled
    this.consumer = deps.kafka.consumer({
      groupId: spec.groupId,
      maxWaitTimeInMs: deps.tuning.maxWaitTimeInMs ?? 200,
      sessionTimeout: deps.tuning.sessionTimeout ?? 30_000,
      heartbeatInterval: heartbeatIntervalMs,
      maxBytesPerPartition: deps.tuning.maxBytesPerPartition,
      // kafkajs restarts a crashed consumer on a timer, even one that is being stopped: a
      // consumer stopped while (re)connecting would come back to life after stop() resolved.
      retry: { restartOnFailure: async () => !this.stopping.signal.aborted },
    });
    if (spec.deferredCommit) {
      this.deferred = new DeferredCommits(
        {
          consumer: this.consumer,
          groupId: this.groupId,
          topic: this.topic,
          logger: deps.logger,
          spec: spec.deferredCommit,
          stopping: this.stopping.signal,
          readingAgain: () => deps.metrics.partitionReadsAgain.inc({ topic: this.topic, group: this.groupId }),
        },
        policy,
      );
      this.consumer.on(this.consumer.events.REBALANCING, () => this.deferred?.rebalancing());
    }
    this.batchContext = {
      groupId: this.groupId,
      topic: this.topic,
      processor: this.processor,
      logger: deps.logger,
      heartbeatIntervalMs,
      stopping: this.stopping.signal,
      deferred: this.deferred,
      deadLetter: (letters) => deps.deadLetter(spec.topic.dlq, letters),
    };
    // Emitted only once the broker accepted a commit (kafkajs skips a commit silently when not running).
    this.consumer.on(this.consumer.events.COMMIT_OFFSETS, () =>
      deps.metrics.offsetCommits.inc({ topic: this.topic, group: this.groupId }),
    );
    this.followGroup();
  }

  /**
   * Reports what this member holds after each join (and nothing from a crash on), lets deferred
   * commits follow the joins, settles `firstJoin`, and restarts a consumer kafkajs gave up on.
   */
  private followGroup(): void {
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    // A member that crashed, or rejoined under a new member id (its session lapsed), held nothing
    // in between: another member may have had its partitions, so getting them again is a gain.
    // (A crash reports that at once, so the rejoin after it does not again.)
    let memberId: string | undefined;
    // Joins are announced before the first fetch, which applies the seeks.
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      for (const [partition, offset] of this.unstarted) this.consumer.seek({ topic: this.topic, partition, offset });
      const assigned = (payload.memberAssignment as Record<string, number[]>)[this.topic] ?? [];
      const rejoined = memberId !== undefined && payload.memberId !== memberId;
      // Acks of a member that held nothing in between could move another member's progress back.
      if (rejoined) this.deferred?.joined(new Set());
      this.deferred?.joined(new Set(assigned));
      if (rejoined) this.deps.onAssigned([]);
      memberId = payload.memberId;
      this.crashed = false;
      this.deps.onAssigned(assigned);
      this.firstJoin.resolve();
    });
    this.consumer.on(CRASH, ({ payload }) => {
      memberId = undefined;
      this.deferred?.joined(new Set());
      this.deps.onAssigned([]);
      if (!payload.restart) {
        this.crashed = true;
        this.firstJoin.reject(payload.error);
      }
      this.deps.logger.error(
        { groupId: this.groupId, topic: this.topic, restart: payload.restart, err: errorMessage(payload.error) },
        'consumer crashed',
      );
      if (payload.restart || !this.started || this.stopping.signal.aborted) return;
      if (this.restarting) this.crashedWhileRestarting = true;
      else this.restarting = this.restart().finally(() => (this.restarting = undefined));
    });
  }

  /**
   * kafkajs restarts a crashed consumer only after an error it deems retriable (restartOnFailure is
   * not even asked otherwise): a login refused while the member reconnects (a password rotated)
   * would leave it out of its group until the process restarts. Once it has joined, such a crash is
   * followed by reconnecting and running again, with back-off, until it joins again; it shows
   * unhealthy meanwhile, and it resumes from the offsets committed, so nothing unhandled is skipped.
   */
  private async restart(): Promise<void> {
    const { signal } = this.stopping;
    for (let failures = 1; !signal.aborted; failures++) {
      this.crashedWhileRestarting = false;
      const delayMs = backoffDelayMs(failures, RESTART_BACKOFF);
      this.deps.logger.warn({ groupId: this.groupId, topic: this.topic, delayMs, failures }, 'restarting the consumer');
      await abortableDelay(delayMs, signal);
      if (signal.aborted) return;
      try {
        await this.consumer.connect();
        if (signal.aborted) return;
        // Resolves once joined (the join clears `crashed`); a failure to join is reported as a crash,
        // not thrown — a retriable one is kafkajs's to restart, so this loop must end (never two runners).
        await this.run();
        if (!this.crashedWhileRestarting) return;
      } catch (error) {
        this.deps.logger.error(
          { groupId: this.groupId, topic: this.topic, err: errorMessage(error) },
          'cannot restart the consumer',
        );
      }
    }
  }

  /**
   * Healthy unless the consumer crashed beyond kafkajs's own restarts and has not joined since, or
   * keeps failing transiently, or its deferred commits or acknowledgements keep failing.
   */
  isHealthy(): boolean {
    return !this.crashed && !this.processor.isFailing() && !this.deferred?.isFailing();
  }

  /** Resolves once the member has joined its group (its first join takes a few seconds). */
  async start(): Promise<void> {
    await this.consumer.connect();
    this.deps.onConnected();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: this.spec.fromBeginning ?? false });
    await this.run();
    await this.firstJoin.promise;
    this.started = true;
  }

  /** Starts fetching (again after a crash: the subscription stays); a failure to join is a crash. */
  private run(): Promise<void> {
    return this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.deps.tuning.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping.abort();
      try {
        await this.restarting;
        await this.deferred?.settle();
        await this.consumer.disconnect(); // waits for the batch in flight
        await this.deps.afterLeaving?.();
      } finally {
        this.deps.onStopped(this as KafkaSubscription<unknown>);
      }
    })();
    return this.stopped;
  }

  private onBatch(payload: EachBatchPayload): Promise<void> {
    const work = this.handleBatch(payload);
    this.deferred?.track(work);
    return work;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    if (payload.batch.isEmpty()) return;
    if (await handleKafkaBatch(this.batchContext, payload)) this.unstarted.delete(payload.batch.partition);
  }
}
