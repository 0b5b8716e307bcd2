import type { Consumer } from 'kafkajs';
import type { DeferredCommit } from './bus.port.js';
import { errorMessage } from './errors.js';
import { abortableDelay } from './backoff.js';
import type { BusLogger } from './logger.js';
import { PendingAcks } from './pending-acks.js';

const DEFAULT_MAX_UNACKNOWLEDGED = 100_000;

export interface DeferredCommitsDeps {
  readonly consumer: Pick<Consumer, 'commitOffsets' | 'seek'>;
  readonly groupId: string;
  readonly topic: string;
  readonly logger: BusLogger;
  readonly spec: DeferredCommit;
  /** Aborted when the subscription stops. */
  readonly stopping: AbortSignal;
}

/**
 * The commits of one subscription with `ConsumerSpec.deferredCommit`: each batch's offsets are
 * committed, in order per partition, once the handler's acknowledgement arrives; a failed one
 * reads the partition again from its first unacknowledged record.
 */
export class DeferredCommits {
  private readonly acks: PendingAcks;
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
  /** The partitions this member holds since its last join: only those are committed. */
  private owned: ReadonlySet<number> = new Set();

  constructor(private readonly deps: DeferredCommitsDeps) {
    this.acks = new PendingAcks({
      commit: (partition, offset) => this.commitLater(partition, offset),
      failed: (partition, offset, error) => this.readAgain(partition, offset, error),
    });
  }

  /** Partitions may move: the handler's side makes its rows durable so this member can still commit them. */
  rebalancing(): void {
    this.deps.spec.flush?.();
  }

  /** After a join: forget the partitions this member no longer holds, and retry the commits refused meanwhile. */
  joined(assigned: ReadonlySet<number>): void {
    this.owned = new Set(assigned);
    this.acks.retain(assigned);
    for (const partition of [...this.wanted.keys()]) if (!assigned.has(partition)) this.wanted.delete(partition);
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
   * the partition is under its cap of unacknowledged records (or the subscription stops).
   */
  async handled(
    batch: { partition: number; firstOffset: string; lastOffset: string; records: number; ack: Promise<unknown> },
    keepAlive: <R>(work: () => Promise<R>) => Promise<R>,
  ): Promise<void> {
    const { partition } = batch;
    const next = (BigInt(batch.lastOffset) + 1n).toString();
    this.acks.add(partition, batch.firstOffset, next, batch.records, batch.ack);
    const cap = this.deps.spec.maxUnacknowledgedPerPartition ?? DEFAULT_MAX_UNACKNOWLEDGED;
    const { stopping } = this.deps;
    while (this.acks.unacknowledged(partition) > cap && !stopping.aborted) {
      await keepAlive(() => Promise.race([this.acks.oldestSettled(partition), abortableDelay(1000, stopping)]));
    }
  }

  /**
   * On stop: let the batches in flight end, ask the handler's side to flush, wait for every
   * acknowledgement and commit while the consumer still runs.
   */
  async settle(): Promise<void> {
    // A batch in flight may be waiting for acknowledgements (the cap): flush before and after it.
    this.deps.spec.flush?.();
    await Promise.allSettled([...this.batchesInFlight]);
    this.deps.spec.flush?.();
    await this.acks.drain();
    await this.commits;
  }

  /**
   * Queues the commit of `offset` on `partition`. Acknowledgements arrive in bursts (one insert
   * makes many batches durable): the offsets wanted while a commit is in flight go out together
   * in the next one, one request for every partition, not one round trip per batch.
   */
  private commitLater(partition: number, offset: string): void {
    const wanted = this.wanted.get(partition);
    if (wanted === undefined || BigInt(wanted) < BigInt(offset)) this.wanted.set(partition, offset);
    if (this.commitQueued) return;
    this.commitQueued = true;
    this.commits = this.commits.then(() => {
      this.commitQueued = false;
      return this.commitWanted();
    });
  }

  private async commitWanted(): Promise<void> {
    const { consumer, groupId, topic, logger } = this.deps;
    const offsets = [...this.wanted]
      .filter(([partition]) => this.owned.has(partition))
      .filter(([partition, offset]) => BigInt(offset) > (this.committedUpTo.get(partition) ?? -1n))
      .map(([partition, offset]) => ({ topic, partition, offset }));
    this.wanted.clear();
    if (offsets.length === 0) return;
    try {
      await consumer.commitOffsets(offsets);
      for (const { partition, offset } of offsets) {
        this.committedUpTo.set(partition, BigInt(offset));
        if (this.commitsToRetry.get(partition) === offset) this.commitsToRetry.delete(partition);
      }
    } catch (error) {
      // A rebalance: retried after the next join if this member keeps the partition; otherwise
      // its next owner reads these records again (the sink is idempotent).
      for (const { partition, offset } of offsets) {
        const pending = this.commitsToRetry.get(partition);
        if (pending === undefined || BigInt(pending) < BigInt(offset)) this.commitsToRetry.set(partition, offset);
      }
      const partitions = offsets.map(({ partition, offset }) => `${partition}@${offset}`).join(' ');
      logger.warn({ groupId, topic, partitions, err: errorMessage(error) }, 'deferred commit failed');
    }
  }

  private readAgain(partition: number, offset: string, error: unknown): void {
    const { consumer, groupId, topic, logger } = this.deps;
    logger.warn(
      { groupId, topic, partition, offset, err: errorMessage(error) },
      'acknowledgement failed; reading the partition again from its first unacknowledged record',
    );
    if (this.deps.stopping.aborted) return; // the next member or start resumes from the last commit
    try {
      consumer.seek({ topic, partition, offset });
    } catch (seekError) {
      logger.error({ groupId, partition, err: errorMessage(seekError) }, 'seek failed');
    }
  }
}
