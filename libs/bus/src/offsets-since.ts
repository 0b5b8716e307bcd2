import type { Admin } from 'kafkajs';
import type { PartitionOffset } from './bus.port.js';
import type { BusLogger } from './logger.js';

/** A partition's offsets as `admin.fetchTopicOffsets` gives them. */
export interface PartitionRange {
  partition: number;
  low: string;
  high: string;
}

/**
 * Each partition's first offset written at or after `since`; a partition's start where the broker
 * does not honour timestamps for it (asked for time 0 it answers other than the start of a partition
 * that holds records: librdkafka 2.0.2's mock cluster answers the end), so nothing after `since` is
 * missed. Those partitions are named in a warning: reading them whole may take long.
 */
export async function offsetsSince(
  admin: Pick<Admin, 'fetchTopicOffsetsByTimestamp'>,
  topic: string,
  since: number,
  ends: readonly PartitionRange[],
  logger: BusLogger,
): Promise<PartitionOffset[]> {
  const [atSince, atZero] = await Promise.all([
    admin.fetchTopicOffsetsByTimestamp(topic, since),
    admin.fetchTopicOffsetsByTimestamp(topic, 0),
  ]);
  const sinceOf = new Map(atSince.map((p) => [p.partition, p.offset]));
  const zeroOf = new Map(atZero.map((p) => [p.partition, BigInt(p.offset)]));
  const fromStart: number[] = [];
  const starts = ends.map(({ partition, low, high }) => {
    const offset = sinceOf.get(partition);
    const honoured = BigInt(high) <= BigInt(low) || zeroOf.get(partition) === BigInt(low);
    if (honoured && offset !== undefined) return { partition, offset };
    fromStart.push(partition);
    return { partition, offset: low };
  });
  if (fromStart.length > 0)
    logger.warn(
      { topic, since: new Date(since).toISOString(), partitions: fromStart },
      'the broker ignores timestamps on these partitions: read from their start',
    );
  return starts;
}
