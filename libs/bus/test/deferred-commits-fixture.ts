import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSRequestTimeoutError } from 'kafkajs';
import { DeferredCommits, type DeferredCommitsDeps } from '../src/deferred-commits.js';
import type { BusLogger } from '../src/logger.js';
import { recordingLogger } from './support.js';

type Offsets = { topic: string; partition: number; offset: string }[];

/** A consumer whose commits wait until the test lets each one through (or fails it). */
export function slowConsumer() {
  const requests: Offsets[] = [];
  const pending: PromiseWithResolvers<void>[] = [];
  const sent: (() => void)[] = [];
  /** Per partition: the offset of a seek that no fetch has applied yet. */
  const sought = new Map<number, string>();
  const paused = new Set<number>();
  const release = (error?: Error) => {
    if (error) return pending.shift()!.reject(error);
    for (const listener of sent) listener(); // kafkajs's COMMIT_OFFSETS, emitted once the broker accepted
    pending.shift()!.resolve();
  };
  return {
    requests,
    release,
    sought,
    paused,
    /** Resolves the commit in flight as kafkajs does when its runner is not running: nothing sent. */
    skip: () => pending.shift()!.resolve(),
    consumer: {
      events: { COMMIT_OFFSETS: 'consumer.commit_offsets' } as const,
      on: (_event: 'consumer.commit_offsets', listener: () => void) => {
        sent.push(listener);
        return () => undefined;
      },
      commitOffsets: (offsets: Offsets) => {
        requests.push(offsets);
        const done = Promise.withResolvers<void>();
        pending.push(done);
        return done.promise;
      },
      seek: ({ partition, offset }: { partition: number; offset: string }) => void sought.set(partition, offset),
      pause: (partitions: { partitions: number[] }[]) => {
        for (const partition of partitions.flatMap((p) => p.partitions)) paused.add(partition);
      },
      resume: (partitions: { partitions: number[] }[]) => {
        for (const partition of partitions.flatMap((p) => p.partitions)) paused.delete(partition);
      },
    },
  };
}

export const settle = () => new Promise((resolve) => setImmediate(resolve));
export const rejoined = async (commits: DeferredCommits, assigned: Set<number>) => {
  commits.joined(assigned);
  await settle();
};
export const keepAlive = <R>(work: () => Promise<R>) => work();

/** What kafkajs's commitOffsets rejects with when the group is rebalancing (after its own retries). */
export const rebalancing = () =>
  new KafkaJSNumberOfRetriesExceeded(
    new KafkaJSProtocolError(
      Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS', code: 27 }),
    ),
    { retryCount: 5, retryTime: 1000 },
  );
export const timedOut = () => new KafkaJSRequestTimeoutError('Request OffsetCommit(key: 8, version: 5) timed out');

export function deferredCommits<L extends BusLogger = ReturnType<typeof recordingLogger>>({
  backoffMs = 1,
  maxBackoffMs = undefined as number | undefined,
  logger = recordingLogger() as BusLogger as L,
  cap = undefined as number | undefined,
}: {
  backoffMs?: number;
  maxBackoffMs?: number;
  logger?: L;
  cap?: number;
} = {}) {
  const slow = slowConsumer();
  const stopping = new AbortController();
  const commits = new DeferredCommits(
    {
      consumer: slow.consumer as unknown as DeferredCommitsDeps['consumer'],
      groupId: 'g',
      topic: 't',
      logger,
      spec: { maxUnacknowledgedPerPartition: cap },
      stopping: stopping.signal,
    },
    { initialDelayMs: backoffMs, maxDelayMs: maxBackoffMs ?? backoffMs },
  );
  commits.joined(new Set([0, 1]));
  const acked = async (partition: number, firstOffset: number, lastOffset: number) => {
    const ack = Promise.withResolvers<void>();
    const records = lastOffset - firstOffset + 1;
    await commits.handled(
      { partition, firstOffset: String(firstOffset), lastOffset: String(lastOffset), records, ack: ack.promise },
      keepAlive,
    );
    return ack;
  };
  /** Acknowledges the batch at once and lets its commit start. */
  const acknowledged = async (partition: number, firstOffset: number, lastOffset: number) => {
    (await acked(partition, firstOffset, lastOffset)).resolve();
    await settle();
  };
  return { ...slow, commits, acked, acknowledged, logger, stopping };
}
