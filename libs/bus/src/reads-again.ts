import type { Consumer } from 'kafkajs';
import type { RetryPolicy } from './bus.port.js';
import { abortableDelay, backoffDelayMs } from './backoff.js';
import { errorMessage } from './errors.js';
import type { BusLogger } from './logger.js';

/** Failed acknowledgements of a partition in a row from which the member is unhealthy. */
export const READS_AGAIN_FAILING_AFTER = 5;

export interface ReadsAgainDeps {
  readonly consumer: Pick<Consumer, 'seek' | 'pause' | 'resume'>;
  readonly groupId: string;
  readonly topic: string;
  readonly logger: BusLogger;
  /** Aborted when the subscription stops: no more reading again (the next start resumes from the last commit). */
  readonly stopping: AbortSignal;
  readonly backoff: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>;
  /** Counts each reading again (a metric). */
  readonly readingAgain?: () => void;
}

/** A partition whose acknowledgements failed: its lowest failed offset, kept for two questions of two lifetimes. */
interface FailedPartition {
  /** Failed acknowledgements in a row; 0 once one past `from` succeeded (the streak ended). */
  attempts: number;
  /** The first record the streak's failed acknowledgements covered: a commit past it ends the streak. */
  from: bigint;
  /**
   * Where a failed acknowledgement sought the partition back (the lowest such), until a batch from there or below
   * arrives: batches fetched before the seek still come, and their acknowledgements must not commit past the records
   * read again.
   */
  soughtBackTo: bigint | undefined;
}

/**
 * Reading a partition again from its first unacknowledged record after its acknowledgement
 * failed (deferred commits): the partition is sought back at once (so batches fetched before are
 * stale, see `fetchedBeforeSeek`) and paused for a backoff that grows with the failures in a row,
 * then resumed. Nothing is committed or skipped meanwhile. Logged once per change of state
 * (failing, unhealthy, recovered), not per attempt.
 */
export class ReadsAgain {
  private readonly failedPartitions = new Map<number, FailedPartition>();
  /** Per partition: the pause whose timer may resume it (a later pause replaces it). */
  private readonly pauses = new Map<number, object>();

  constructor(private readonly deps: ReadsAgainDeps) {}

  /** The acknowledgement of `partition`'s records from `offset` on failed. */
  failed(partition: number, offset: string, error: unknown): void {
    const { consumer, groupId, topic, logger, stopping, backoff } = this.deps;
    const failedAt = BigInt(offset);
    const failed = this.failedPartitions.get(partition) ?? { attempts: 0, from: failedAt, soughtBackTo: undefined };
    if (failed.attempts === 0 || failedAt < failed.from) failed.from = failedAt;
    failed.attempts += 1;
    if (failed.soughtBackTo === undefined || failedAt < failed.soughtBackTo) failed.soughtBackTo = failedAt;
    this.failedPartitions.set(partition, failed);
    const { attempts } = failed;
    if (stopping.aborted) {
      // settle() logs only what it could not commit: this failure would otherwise leave no trace.
      logger.warn(
        { groupId, topic, partition, offset, attempts, err: errorMessage(error) },
        'acknowledgement failed while stopping; the next member reads these records again',
      );
      return; // the next member or start resumes from the last commit
    }
    const delayMs = backoffDelayMs(attempts, backoff);
    const fields = { groupId, topic, partition, offset, attempts, delayMs, err: errorMessage(error) };
    if (attempts === 1) {
      logger.warn(fields, 'acknowledgement failed; reading the partition again from its first unacknowledged record');
    } else if (attempts === READS_AGAIN_FAILING_AFTER) {
      logger.error(fields, 'acknowledgements keep failing; the partition is read again after a growing backoff');
    } else {
      logger.debug(fields, 'acknowledgement failed again; reading the partition again after a backoff');
    }
    const partitions = [{ topic, partitions: [partition] }];
    try {
      consumer.seek({ topic, partition, offset });
    } catch (seekError) {
      logger.error({ groupId, topic, partition, offset, err: errorMessage(seekError) }, 'seek to read again failed');
      return;
    }
    this.deps.readingAgain?.();
    try {
      consumer.pause(partitions);
    } catch (pauseError) {
      // Sought back all the same: read again at once, without the backoff.
      logger.error({ groupId, topic, partition, err: errorMessage(pauseError) }, 'pause before reading again failed');
      return;
    }
    const pause = {};
    this.pauses.set(partition, pause);
    void abortableDelay(delayMs, stopping).then(() => {
      if (this.pauses.get(partition) !== pause) return;
      this.pauses.delete(partition);
      if (!stopping.aborted) this.resume(partition);
    });
  }

  /** `partition`'s records below `nextOffset` are acknowledged: past the failed ones, the streak ends. */
  acknowledged(partition: number, nextOffset: string): void {
    const failed = this.failedPartitions.get(partition);
    if (!failed || failed.attempts === 0 || BigInt(nextOffset) <= failed.from) return;
    const { groupId, topic, logger } = this.deps;
    const fields = { groupId, topic, partition, failedAttempts: failed.attempts };
    failed.attempts = 0;
    if (failed.soughtBackTo === undefined) this.failedPartitions.delete(partition);
    logger.info(fields, 'acknowledgements of the partition succeed again; its commits resume');
  }

  /**
   * Whether the batch from `firstOffset` was fetched before its partition was sought back: it is
   * dropped (read again after the seek). The first batch from the sought offset or below ends that.
   */
  fetchedBeforeSeek(partition: number, firstOffset: string): boolean {
    const failed = this.failedPartitions.get(partition);
    const from = failed?.soughtBackTo;
    if (failed === undefined || from === undefined) return false;
    if (BigInt(firstOffset) <= from) {
      failed.soughtBackTo = undefined;
      if (failed.attempts === 0) this.failedPartitions.delete(partition);
      return false;
    }
    const { groupId, topic, logger } = this.deps;
    logger.debug(
      { groupId, topic, partition, firstOffset, readAgainFrom: from.toString() },
      'batch fetched before its partition was sought back; dropped, read again',
    );
    return true;
  }

  /**
   * Forgets the partitions this member no longer holds (their next owner reads from the last
   * commit), and resumes those it paused: kafkajs keeps a partition paused across assignments, so
   * one lost during its backoff and assigned again would stay paused with no streak left to end.
   */
  retain(held: ReadonlySet<number>): void {
    for (const partition of this.failedPartitions.keys()) {
      if (!held.has(partition)) this.failedPartitions.delete(partition);
    }
    for (const partition of [...this.pauses.keys()]) {
      if (held.has(partition)) continue;
      this.pauses.delete(partition);
      this.resume(partition);
    }
  }

  /** Whether a partition's acknowledgements failed `READS_AGAIN_FAILING_AFTER` times in a row or more. */
  isFailing(): boolean {
    for (const { attempts } of this.failedPartitions.values()) if (attempts >= READS_AGAIN_FAILING_AFTER) return true;
    return false;
  }

  private resume(partition: number): void {
    const { consumer, groupId, topic, logger } = this.deps;
    try {
      consumer.resume([{ topic, partitions: [partition] }]);
    } catch (error) {
      const fields = { groupId, topic, partition, err: errorMessage(error) };
      // Between a crash and the restart kafkajs has no group to resume in; the restart assigns afresh.
      if (/not initialized/i.test(errorMessage(error))) logger.debug(fields, 'resume skipped: the consumer restarts');
      else logger.error(fields, 'resume after the backoff failed');
    }
  }
}
