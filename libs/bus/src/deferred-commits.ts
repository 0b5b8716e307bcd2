import type { Consumer } from 'kafkajs';
import type { DeferredCommit, RetryPolicy } from './bus.port.js';
import { errorMessage, hasProtocolErrorType, REBALANCE_ERROR_TYPES } from './errors.js';
import { abortableDelay, backoffDelayMs, defaultRetryPolicy } from './backoff.js';
import type { BusLogger } from './logger.js';
import { PendingAcks } from './pending-acks.js';
import { ReadsAgain } from './reads-again.js';

const DEFAULT_MAX_UNACKNOWLEDGED = 100_000;
/** Commits failed in a row (not by a rebalance) from which the failures are errors and the member unhealthy. */
const FAILING_AFTER = 5;

type Offsets = { partition: number; offset: string }[];

export interface DeferredCommitsDeps {
  /** Its COMMIT_OFFSETS event tells a commit that went out (commitOffsets resolves without one when not running). */
  readonly consumer: Pick<Consumer, 'commitOffsets' | 'seek' | 'pause' | 'resume' | 'on' | 'events'>;
  readonly groupId: string;
  readonly topic: string;
  readonly logger: BusLogger;
  readonly spec: DeferredCommit;
  /** Aborted when the subscription stops. */
  readonly stopping: AbortSignal;
  /** Counts each reading again of a partition after a failed acknowledgement (a metric). */
  readonly readingAgain?: () => void;
}

/**
 * The commits of one subscription with `ConsumerSpec.deferredCommit`: each batch's offsets are
 * committed, in order per partition, once the handler's acknowledgement arrives; a failed one
 * reads the partition again from its first unacknowledged record, after a backoff (`ReadsAgain`).
 */
export class DeferredCommits {
  private readonly acks: PendingAcks;
  private readonly readsAgain: ReadsAgain;
  private readonly batchesInFlight = new Set<Promise<void>>();
  private commits: Promise<void> = Promise.resolve();
  /** Per partition: the highest offset to commit in the next request, not sent yet. */
  private readonly wanted = new Map<number, string>();
  /** A commit of `wanted` is queued behind the one in flight. */
  private commitQueued = false;
  /** Per partition: the latest commit that failed (a rebalance), retried after the next join. */
  private readonly commitsToRetry = new Map<number, string>();
  /** Per partition: the highest offset this member committed, so a retry never moves it back. */
  private readonly committedUpTo = new Map<number, bigint>();
  /**
   * Joins so far, and per partition held since the last join (only those are committed) the join
   * that newly assigned it.
   */
  private joins = 0;
  private readonly heldSince = new Map<number, number>();
  /** Commits failed in a row for other reasons than a rebalance (the backoff's exponent). */
  private failedCommits = 0;
  /** Offset commits the broker accepted (kafkajs's COMMIT_OFFSETS events). */
  private commitsSent = 0;
  /** Resolved, and replaced, by each commit that went out: the back-pressure's wake-up. */
  private commitProgress = Promise.withResolvers<void>();

  /**
   * @param backoff the wait before retrying a commit that failed for another reason than a
   *   rebalance, and before reading a partition again after a failed acknowledgement (the
   *   subscription's retry policy, `defaultRetryPolicy` unless `ConsumerSpec.retry` says otherwise).
   */
  constructor(
    private readonly deps: DeferredCommitsDeps,
    private readonly backoff: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'> = defaultRetryPolicy,
  ) {
    const { consumer, groupId, topic, logger, stopping, readingAgain } = deps;
    this.readsAgain = new ReadsAgain({ consumer, groupId, topic, logger, stopping, backoff, readingAgain });
    this.acks = new PendingAcks({
      commit: (partition, offset) => {
        this.readsAgain.acknowledged(partition, offset);
        this.commitLater(partition, offset);
      },
      failed: (partition, offset, error) => this.readsAgain.failed(partition, offset, error),
    });
    deps.consumer.on(deps.consumer.events.COMMIT_OFFSETS, () => (this.commitsSent += 1));
  }

  /** Partitions may move: the handler's side makes its rows durable so this member can still commit them. */
  rebalancing(): void {
    this.deps.spec.flush?.();
  }

  /**
   * After a join: forget the partitions this member no longer holds (what it committed of them too:
   * after losing one the broker's offset is the truth), and retry the commits refused meanwhile.
   */
  joined(assigned: ReadonlySet<number>): void {
    this.joins += 1;
    for (const partition of assigned) if (!this.heldSince.has(partition)) this.heldSince.set(partition, this.joins);
    for (const byPartition of [this.heldSince, this.committedUpTo, this.wanted]) {
      for (const partition of byPartition.keys()) if (!assigned.has(partition)) byPartition.delete(partition);
    }
    this.acks.retain(assigned);
    this.readsAgain.retain(assigned);
    const retry = [...this.commitsToRetry.entries()];
    this.commitsToRetry.clear();
    for (const [partition, offset] of retry) if (assigned.has(partition)) this.commitLater(partition, offset);
  }

  /** A batch being handled; stop waits for it. */
  track(work: Promise<void>): void {
    this.batchesInFlight.add(work);
    const forget = () => this.batchesInFlight.delete(work);
    work.then(forget, forget);
  }

  /**
   * Records `firstOffset`…`lastOffset` of `partition` handled: committed once `ack` resolves. A
   * batch without an acknowledgement (only dead letters) still queues behind earlier ones, so its
   * commit cannot jump over records whose rows are not durable yet. Back-pressure: resolves once
   * the partition is under its cap of records not committed yet (or the subscription stops), so
   * the consumer stops taking batches while commits fail, even when acknowledgements come at once.
   * A batch fetched before a failed acknowledgement sought its partition back is dropped.
   */
  async handled(
    batch: { partition: number; firstOffset: string; lastOffset: string; records: number; ack: Promise<unknown> },
    keepAlive: <R>(work: () => Promise<R>) => Promise<R>,
  ): Promise<void> {
    const { partition } = batch;
    if (this.readsAgain.fetchedBeforeSeek(partition, batch.firstOffset)) {
      batch.ack.catch(() => undefined); // its records are read again: its outcome no longer matters
      return;
    }
    const next = (BigInt(batch.lastOffset) + 1n).toString();
    this.acks.add(partition, batch.firstOffset, next, batch.records, batch.ack);
    const cap = this.deps.spec.maxUnacknowledgedPerPartition ?? DEFAULT_MAX_UNACKNOWLEDGED;
    const { stopping } = this.deps;
    while (this.acks.uncommitted(partition) > cap && !stopping.aborted) {
      // Wakes on an acknowledgement of the partition (none may be waiting), a commit, or a second passed.
      const oldest = this.acks.oldestSettled(partition);
      const progress = [this.commitProgress.promise, abortableDelay(1000, stopping), ...(oldest ? [oldest] : [])];
      await keepAlive(() => Promise.race(progress));
    }
  }

  /**
   * On stop: let the batches in flight end, ask the handler's side to flush, wait for every
   * acknowledgement and commit while the consumer still runs. What failed to commit is tried once
   * more; offsets still uncommitted then are logged as an error (their records are read again).
   */
  async settle(): Promise<void> {
    // A batch in flight may be waiting for acknowledgements (the cap): flush before and after it.
    this.deps.spec.flush?.();
    await Promise.allSettled([...this.batchesInFlight]);
    this.deps.spec.flush?.();
    await this.acks.drain();
    await this.commits;
    for (const [partition, offset] of this.commitsToRetry) this.want(this.wanted, partition, offset);
    this.commitsToRetry.clear();
    this.queueCommit();
    await this.commits;
    const left = this.uncommitted();
    if (left.length === 0) return;
    const { groupId, topic, logger } = this.deps;
    logger.error({ groupId, topic, offsets: left }, 'offsets left uncommitted on stop; their records are read again');
  }

  /**
   * Queues the commit of `offset` on `partition`. Acknowledgements arrive in bursts (one insert
   * makes many batches durable): the offsets wanted while a commit is in flight go out together
   * in the next one, one request for every partition, not one round trip per batch.
   */
  private commitLater(partition: number, offset: string): void {
    this.want(this.wanted, partition, offset);
    this.queueCommit();
  }

  private queueCommit(): void {
    if (this.commitQueued) return;
    this.commitQueued = true;
    this.commits = this.commits
      .then(() => {
        this.commitQueued = false;
        return this.commitWanted();
      })
      .catch((error: unknown) => {
        // The next commit must still run: a rejected chain would skip every later one.
        const { groupId, topic, logger } = this.deps;
        logger.error({ groupId, topic, err: errorMessage(error) }, 'deferred commit step failed');
      });
  }

  /**
   * The offsets of a commit started at join `startedAt` whose partitions this member has held
   * since: after losing a partition (even if assigned again), its next owner's progress is the truth.
   */
  private stillHeldSince(offsets: Offsets, startedAt: number): Offsets {
    return offsets.filter(({ partition }) => (this.heldSince.get(partition) ?? Infinity) <= startedAt);
  }

  /**
   * Whether the last `FAILING_AFTER` commits or more failed in a row (not by a rebalance), or a
   * partition's acknowledgements keep failing (`ReadsAgain`).
   */
  isFailing(): boolean {
    return this.failedCommits >= FAILING_AFTER || this.readsAgain.isFailing();
  }

  private async commitWanted(): Promise<void> {
    const { consumer, topic } = this.deps;
    const startedAt = this.joins;
    for (const [partition, offset] of this.wanted)
      if (this.isCommitted(partition, offset)) this.markCommitted(partition);
    const offsets = [...this.wanted]
      .filter(([partition, offset]) => this.heldSince.has(partition) && !this.isCommitted(partition, offset))
      .map(([partition, offset]) => ({ partition, offset }))
      .sort((a, b) => a.partition - b.partition);
    this.wanted.clear();
    if (offsets.length === 0) return;
    try {
      const sentBefore = this.commitsSent;
      await consumer.commitOffsets(offsets.map(({ partition, offset }) => ({ topic, partition, offset })));
      // kafkajs resolves without sending when its runner is not running (stopped, or crashed meanwhile).
      if (this.commitsSent === sentBefore) throw new Error('commit not sent: the consumer is not running');
      this.failedCommits = 0;
      for (const { partition, offset } of offsets) {
        this.committedUpTo.set(partition, BigInt(offset));
        this.markCommitted(partition);
        if (this.commitsToRetry.get(partition) === offset) this.commitsToRetry.delete(partition);
      }
      this.commitProgress.resolve();
      this.commitProgress = Promise.withResolvers<void>();
    } catch (error) {
      await this.commitFailed(this.stillHeldSince(offsets, startedAt), offsets, error);
    }
  }

  /**
   * A rebalance: retried after the next join if this member keeps the partition; otherwise its
   * next owner reads these records again (the sink is idempotent). Anything else (a timeout, a
   * lost connection): retried after a backoff, or on stop by `settle`. Only `kept`, the offsets of
   * partitions held all along, are retried.
   */
  private async commitFailed(kept: Offsets, offsets: Offsets, error: unknown): Promise<void> {
    const { groupId, topic, logger, stopping } = this.deps;
    const err = errorMessage(error);
    if (hasProtocolErrorType(error, REBALANCE_ERROR_TYPES)) {
      for (const { partition, offset } of kept) this.want(this.commitsToRetry, partition, offset);
      logger.warn(
        { groupId, topic, offsets, err },
        'deferred commit refused by a rebalance; retried after the next join',
      );
      return;
    }
    for (const { partition, offset } of kept) this.want(this.wanted, partition, offset);
    this.failedCommits += 1;
    const log = (this.isFailing() ? logger.error : logger.warn).bind(logger);
    const failedCommits = this.failedCommits;
    if (stopping.aborted) {
      log({ groupId, topic, offsets, err, failedCommits }, 'deferred commit failed; tried once more on stop');
      return; // settle tries once more
    }
    const delayMs = backoffDelayMs(this.failedCommits, this.backoff);
    log({ groupId, topic, offsets, err, delayMs, failedCommits }, 'deferred commit failed; retried after a backoff');
    await abortableDelay(delayMs, stopping);
    if (!stopping.aborted) this.queueCommit();
  }

  /** Raises `partition`'s entry in `offsets` to `offset`, never lowers it. */
  private want(offsets: Map<number, string>, partition: number, offset: string): void {
    const current = offsets.get(partition);
    if (current === undefined || BigInt(current) < BigInt(offset)) offsets.set(partition, offset);
  }

  /** The records of `partition` up to what this member committed no longer count against its cap. */
  private markCommitted(partition: number): void {
    const upTo = this.committedUpTo.get(partition);
    if (upTo !== undefined) this.acks.committed(partition, upTo);
  }

  private isCommitted(partition: number, offset: string): boolean {
    return BigInt(offset) <= (this.committedUpTo.get(partition) ?? -1n);
  }

  /** The offsets still wanted or refused, not committed: what a stop leaves behind. */
  private uncommitted(): Offsets {
    const left = new Map(this.wanted);
    for (const [partition, offset] of this.commitsToRetry) this.want(left, partition, offset);
    return [...left]
      .filter(([partition, offset]) => !this.isCommitted(partition, offset))
      .map(([partition, offset]) => ({ partition, offset }));
  }
}
