import type { EachBatchPayload } from 'kafkajs';
import type { BusLogger } from './logger.js';
import { abortableDelay } from './backoff.js';
import type { BatchProcessor, BatchRuntime } from './batch-processor.js';
import type { DeferredCommits } from './deferred-commits.js';
import { errorMessage, REBALANCE_ERROR_TYPES } from './errors.js';
import type { DeadLetter } from './records.js';

/** What a subscription hands the handling of each batch kafkajs fetched for it. */
export interface KafkaBatchContext<T> {
  readonly groupId: string;
  readonly topic: string;
  readonly processor: BatchProcessor<T>;
  readonly logger: BusLogger;
  readonly heartbeatIntervalMs: number;
  /** Aborted once the subscription stops. */
  readonly stopping: AbortSignal;
  /** Commits on the handler's later acknowledgement (spec.deferredCommit); absent: commit once handled. */
  readonly deferred: DeferredCommits | undefined;
  deadLetter(letters: readonly DeadLetter[]): Promise<void>;
}

/**
 * Feeds one fetched batch to the processor, heartbeating while it works, and commits it once handled (or hands it
 * to the deferred commits). Resolves `true` when the batch was handled, `false` when it was abandoned uncommitted
 * (the consumer stopping, or the partition possibly lost).
 */
export async function handleKafkaBatch<T>(
  context: KafkaBatchContext<T>,
  { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload,
): Promise<boolean> {
  const { deferred, stopping } = context;
  let rebalancing = false;
  const keepAlive = async <R>(work: () => Promise<R>): Promise<R> => {
    const timer = setInterval(() => {
      heartbeat().catch((error: { type?: string }) => {
        if (error.type && REBALANCE_ERROR_TYPES.has(error.type)) rebalancing = true;
        context.logger.debug({ groupId: context.groupId, err: errorMessage(error) }, 'heartbeat failed');
      });
    }, context.heartbeatIntervalMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  };
  const runtime: BatchRuntime = {
    isActive: () => !stopping.aborted && isRunning() && !isStale() && !rebalancing,
    keepAlive,
    sleep: (ms) => keepAlive(() => abortableDelay(ms, stopping)),
    deadLetter: (letters) => context.deadLetter(letters),
  };
  let acknowledgement: Promise<unknown> | undefined;
  let values = batch.messages.length;
  if (deferred)
    runtime.defer = (durable, count) => {
      acknowledgement = durable;
      values = count;
    };

  const result = await context.processor.process(batch.partition, batch.messages, runtime);
  if (result === 'abandoned') {
    context.logger.info(
      { groupId: context.groupId, topic: context.topic, partition: batch.partition, firstOffset: batch.firstOffset() },
      'batch abandoned without commit',
    );
    return false;
  }
  const lastOffset = batch.lastOffset();
  resolveOffset(lastOffset);
  if (deferred) {
    const ack = acknowledgement ?? Promise.resolve();
    const firstOffset = batch.firstOffset() ?? lastOffset;
    await deferred.handled({ partition: batch.partition, firstOffset, lastOffset, records: values, ack }, keepAlive);
  } else {
    // Not consumer.commitOffsets(): it silently skips the commit once the consumer is stopping,
    // and a graceful stop must commit the batch it waited for.
    await commitOffsetsIfNecessary({
      topics: [
        {
          topic: context.topic,
          partitions: [{ partition: batch.partition, offset: (BigInt(lastOffset) + 1n).toString() }],
        },
      ],
    });
  }
  return true;
}
