import type { Admin, Kafka } from 'kafkajs';
import type { PartitionOffset } from './bus.port.js';
import { BusError, errorMessage, hasErrorNamed } from './errors.js';
import type { BusLogger } from './logger.js';
import { offsetsSince, type PartitionRange } from './offsets-since.js';

/** How often a follow asks whether its group has read up to where the topic ended at the call. */
const FOLLOW_POLL_MS = 100;

/** What a follow reads: up to where the topic ends now, from `since` on (each partition's start without it). */
export interface FollowRange {
  readonly ends: PartitionRange[];
  readonly starts: PartitionOffset[] | undefined;
}

export async function followRange(
  admin: Admin,
  topic: string,
  since: number | undefined,
  logger: BusLogger,
): Promise<FollowRange> {
  const ends = await admin.fetchTopicOffsets(topic);
  return { ends, starts: since === undefined ? undefined : await offsetsSince(admin, topic, since, ends, logger) };
}

/**
 * Resolves once the group has committed (handled or dead-lettered) every record in the range; throws a
 * BusError once `closing()` says the bus is closing.
 */
export async function untilCaughtUp(
  admin: Admin,
  follow: { groupId: string; topic: string; range: FollowRange },
  closing: () => boolean,
): Promise<void> {
  const { ends, starts } = follow.range;
  const startOf = new Map((starts ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  for (;;) {
    const [committed] = await admin.fetchOffsets({ groupId: follow.groupId, topics: [follow.topic] });
    const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    if (
      ends.every(
        (end) =>
          BigInt(end.high) <= (startOf.get(end.partition) ?? BigInt(end.low)) ||
          (done.get(end.partition) ?? -1n) >= BigInt(end.high),
      )
    )
      return;
    if (closing()) throw new BusError('the event bus is closing', { transient: false });
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
  }
}

/**
 * Deletes a stopped follow's group; a failure is logged, not thrown (the stop itself succeeded, and
 * Kafka drops the group's offsets after `offsets.retention.minutes` anyway).
 */
export async function deleteFollowGroup(kafka: Kafka, groupId: string, logger: BusLogger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch (error) {
    // Brokers without DeleteGroups (the local mock) leave it to expire; nothing for an operator to do.
    if (hasErrorNamed(error, 'KafkaJSServerDoesNotSupportApiKey')) {
      logger.info({ groupId }, 'the broker cannot delete groups: a stopped follow’s group expires');
    } else {
      logger.warn({ groupId, err: errorMessage(error) }, 'cannot delete the group of a stopped follow');
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
