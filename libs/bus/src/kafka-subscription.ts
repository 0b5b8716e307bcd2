import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumerSpec, Subscription } from './bus.port.js';
import type { BusMetrics } from './bus.metrics.js';
import type { BusLogger } from './logger.js';
import { resolveRetryPolicy } from './backoff.js';
import { BatchProcessor, type BatchRuntime } from './batch-processor.js';
import { errorMessage } from './errors.js';
import { PendingAcks } from './pending-acks.js';
import type { DeadLetter } from './records.js';

const DEFAULT_MAX_UNACKNOWLEDGED = 100_000;

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
  /** After each join: the partitions of the topic this member now holds. */
  onAssigned(partitions: readonly number[]): void;
  onStopped(subscription: KafkaSubscription<unknown>): void;
}

const REBALANCE_ERROR_TYPES = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'FENCED_INSTANCE_ID',
]);

/** One consumer group member on one topic, feeding batches to a `BatchProcessor`. */
export class KafkaSubscription<T> implements Subscription {
  readonly groupId: string;
  readonly topic: string;
  private readonly consumer: Consumer;
  private readonly processor: BatchProcessor<T>;
  private readonly stopping = new AbortController();
  private readonly heartbeatIntervalMs: number;
  private crashed = false;
  private stopped: Promise<void> | undefined;
  /** Deferred commits (spec.deferredCommit): acknowledgements still to come, per partition. */
  private readonly acks: PendingAcks | undefined;
  private readonly batchesInFlight = new Set<Promise<void>>();
  private commits: Promise<void> = Promise.resolve();
  /** Per partition: the latest deferred commit that failed (a rebalance), retried after the next join. */
  private readonly commitsToRetry = new Map<number, string>();
  /** Per partition: the highest offset this member committed, so a retry never moves it back. */
  private readonly committedUpTo = new Map<number, bigint>();

  constructor(
    private readonly spec: ConsumerSpec<T>,
    private readonly deps: KafkaSubscriptionDeps,
  ) {
    this.groupId = spec.groupId;
    this.topic = spec.topic.name;
    this.processor = new BatchProcessor(spec, {
      logger: deps.logger,
      metrics: deps.metrics,
      policy: resolveRetryPolicy(spec.retry),
    });
    this.heartbeatIntervalMs = deps.tuning.heartbeatInterval ?? 3000;
    this.consumer = deps.kafka.consumer({
      groupId: spec.groupId,
      maxWaitTimeInMs: deps.tuning.maxWaitTimeInMs ?? 200,
      sessionTimeout: deps.tuning.sessionTimeout ?? 30_000,
      heartbeatInterval: this.heartbeatIntervalMs,
      maxBytesPerPartition: deps.tuning.maxBytesPerPartition,
      // kafkajs restarts a crashed consumer on a timer, even one that is being stopped: a
      // consumer stopped while (re)connecting would come back to life after stop() resolved.
      retry: { restartOnFailure: async () => !this.stopping.signal.aborted },
    });
    if (spec.deferredCommit) {
      this.acks = new PendingAcks({
        commit: (partition, offset) => this.commitLater(partition, offset),
        failed: (partition, offset, error) => this.readAgain(partition, offset, error),
      });
      // Partitions may move: have the handler's side make its rows durable so their offsets
      // can still be committed by this member; then forget partitions it no longer holds.
      this.consumer.on(this.consumer.events.REBALANCING, () => spec.deferredCommit?.flush?.());
      this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
        const assigned = new Set((payload.memberAssignment as Record<string, number[]>)[this.topic] ?? []);
        this.acks?.retain(assigned);
        // Commits refused during the rebalance: again for the partitions this member kept.
        const retry = [...this.commitsToRetry.entries()];
        this.commitsToRetry.clear();
        for (const [partition, offset] of retry) if (assigned.has(partition)) this.commitLater(partition, offset);
      });
    }
    const startOffsets = spec.startOffsets ?? [];
    if (startOffsets.length > 0) {
      // Joins are announced before the first fetch, which applies the seeks.
      const offFirstJoin = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        offFirstJoin();
        for (const { partition, offset } of startOffsets) this.consumer.seek({ topic: this.topic, partition, offset });
      });
    }
    // A member that crashed, or rejoined under a new member id (its session lapsed), held nothing
    // in between: another member may have had its partitions, so getting them again is a gain.
    let memberId: string | undefined;
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      if (memberId !== undefined && payload.memberId !== memberId) deps.onAssigned([]);
      memberId = payload.memberId;
      deps.onAssigned((payload.memberAssignment as Record<string, number[]>)[this.topic] ?? []);
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      deps.onAssigned([]);
      if (!payload.restart) this.crashed = true;
      deps.logger.error(
        { groupId: this.groupId, topic: this.topic, restart: payload.restart, err: errorMessage(payload.error) },
        'consumer crashed',
      );
    });
  }

  /** Healthy unless the consumer crashed for good or keeps failing transiently. */
  isHealthy(): boolean {
    return !this.crashed && !this.processor.isFailing();
  }

  /** Resolves once the member has joined its group (its first join takes a few seconds). */
  async start(): Promise<void> {
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    let stopListening = (): void => undefined;
    const joined = new Promise<void>((resolve, reject) => {
      const offJoin = this.consumer.on(GROUP_JOIN, () => resolve());
      const offCrash = this.consumer.on(CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error);
      });
      stopListening = () => {
        offJoin();
        offCrash();
      };
    });
    joined.catch(() => undefined); // observed below; this only keeps an early crash from counting as unhandled
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topic: this.topic, fromBeginning: this.spec.fromBeginning ?? false });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.deps.tuning.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.onBatch(payload),
      });
      await joined;
    } finally {
      stopListening();
    }
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping.abort();
      try {
        if (this.acks) await this.settleAcknowledgements();
        await this.consumer.disconnect(); // waits for the batch in flight
      } finally {
        this.deps.onStopped(this as KafkaSubscription<unknown>);
      }
    })();
    return this.stopped;
  }

  /**
   * Deferred commits on stop: let the batches in flight end, ask the handler's side to flush,
   * wait for every acknowledgement and commit while the consumer still runs.
   */
  private async settleAcknowledgements(): Promise<void> {
    // A batch in flight may be waiting for acknowledgements (the cap): flush before and after it.
    this.spec.deferredCommit?.flush?.();
    await Promise.allSettled([...this.batchesInFlight]);
    this.spec.deferredCommit?.flush?.();
    await this.acks?.drain();
    await this.commits;
  }

  private commitLater(partition: number, offset: string): void {
    this.commits = this.commits.then(async () => {
      if (BigInt(offset) <= (this.committedUpTo.get(partition) ?? -1n)) return;
      try {
        await this.consumer.commitOffsets([{ topic: this.topic, partition, offset }]);
        this.committedUpTo.set(partition, BigInt(offset));
        if (this.commitsToRetry.get(partition) === offset) this.commitsToRetry.delete(partition);
      } catch (error) {
        // A rebalance: retried after the next join if this member keeps the partition; otherwise
        // its next owner reads these records again (the sink is idempotent).
        const pending = this.commitsToRetry.get(partition);
        if (pending === undefined || BigInt(pending) < BigInt(offset)) this.commitsToRetry.set(partition, offset);
        this.deps.logger.warn(
          { groupId: this.groupId, topic: this.topic, partition, offset, err: errorMessage(error) },
          'deferred commit failed',
        );
      }
    });
  }

  private readAgain(partition: number, offset: string, error: unknown): void {
    this.deps.logger.warn(
      { groupId: this.groupId, topic: this.topic, partition, offset, err: errorMessage(error) },
      'acknowledgement failed; reading the partition again from its first unacknowledged record',
    );
    if (this.stopping.signal.aborted) return; // the next member or start resumes from the last commit
    try {
      this.consumer.seek({ topic: this.topic, partition, offset });
    } catch (seekError) {
      this.deps.logger.error({ groupId: this.groupId, partition, err: errorMessage(seekError) }, 'seek failed');
    }
  }

  private onBatch(payload: EachBatchPayload): Promise<void> {
    const work = this.handleBatch(payload);
    this.batchesInFlight.add(work);
    const forget = () => this.batchesInFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
    commitOffsetsIfNecessary,
  }: EachBatchPayload): Promise<void> {
    if (batch.isEmpty()) return;
    let rebalancing = false;
    const keepAlive = async <R>(work: () => Promise<R>): Promise<R> => {
      const timer = setInterval(() => {
        heartbeat().catch((error: { type?: string }) => {
          if (error.type && REBALANCE_ERROR_TYPES.has(error.type)) rebalancing = true;
          this.deps.logger.debug({ groupId: this.groupId, err: errorMessage(error) }, 'heartbeat failed');
        });
      }, this.heartbeatIntervalMs);
      try {
        return await work();
      } finally {
        clearInterval(timer);
      }
    };
    const runtime: BatchRuntime = {
      isActive: () => !this.stopping.signal.aborted && isRunning() && !isStale() && !rebalancing,
      keepAlive,
      sleep: (ms) => keepAlive(() => abortableDelay(ms, this.stopping.signal)),
      deadLetter: (letters) => this.deps.deadLetter(this.spec.topic.dlq, letters),
    };
    let acknowledgement: Promise<unknown> | undefined;
    let values = batch.messages.length;
    if (this.acks)
      runtime.defer = (durable, count) => {
        acknowledgement = durable;
        values = count;
      };

    const result = await this.processor.process(batch.partition, batch.messages, runtime);
    if (result === 'abandoned') {
      this.deps.logger.info(
        { groupId: this.groupId, topic: this.topic, partition: batch.partition, firstOffset: batch.firstOffset() },
        'batch abandoned without commit',
      );
      return;
    }
    const lastOffset = batch.lastOffset();
    resolveOffset(lastOffset);
    if (this.acks) {
      // A batch without an acknowledgement (only dead letters) still queues behind earlier ones,
      // so its commit cannot jump over records whose rows are not durable yet.
      const partition = batch.partition;
      const next = (BigInt(lastOffset) + 1n).toString();
      const ack = acknowledgement ?? Promise.resolve();
      this.acks.add(partition, batch.firstOffset() ?? lastOffset, next, values, ack);
      // Back-pressure: this partition's next batch waits while too much of it is unacknowledged.
      const cap = this.spec.deferredCommit?.maxUnacknowledgedPerPartition ?? DEFAULT_MAX_UNACKNOWLEDGED;
      while (this.acks.unacknowledged(partition) > cap && !this.stopping.signal.aborted) {
        await keepAlive(() =>
          Promise.race([this.acks!.oldestSettled(partition), abortableDelay(1000, this.stopping.signal)]),
        );
      }
      return;
    }
    // Not consumer.commitOffsets(): it silently skips the commit once the consumer is stopping,
    // and a graceful stop must commit the batch it waited for.
    await commitOffsetsIfNecessary({
      topics: [
        {
          topic: this.topic,
          partitions: [{ partition: batch.partition, offset: (BigInt(lastOffset) + 1n).toString() }],
        },
      ],
    });
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
