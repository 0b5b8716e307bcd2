import type { Message } from 'kafkajs';
import { type BatchedForm, KeptWriter, Headers, type TopicDefinition } from '@demand/contracts';
import { murmur2 } from './key-partitioner.js';

/** A message's encoding already at hand, as parts to concatenate; undefined: encode it. */
export type EncodedParts<T> = (message: T, index: number) => readonly Uint8Array[] | undefined;

/** One record per message, keyed by the topic's key. */
export function singleRecords<T>(
  topic: TopicDefinition<T>,
  messages: readonly T[],
  headers: Record<string, string>,
  encodedParts?: EncodedParts<T>,
): Message[] {
  return messages.map((message, index) => {
    const parts = encodedParts?.(message, index);
    return {
      key: topic.keyOf(message),
      value: parts ? joined(parts) : bufferOf(encodedAlone(topic, message)),
      headers,
    };
  });
}

/** The partition the producer's partitioner puts a record with this key on, out of `partitions`. */
export function partitionOfKey(key: string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/** Values in one batched record at most. */
export const MAX_VALUES_PER_RECORD = 1000;
/**
 * Bytes of one batched record at most (Kafka's default `max.message.bytes` is 1 MiB): a group
 * that encodes larger, long review texts say, is halved until each half fits.
 */
export const MAX_RECORD_BYTES = 512 * 1024;

/**
 * One record per partition (per `MAX_VALUES_PER_RECORD` values) holding that partition's messages
 * in order, keyed by its first message's key: the partitioner hashes that key to the same partition
 * as every other key of the group, as long as the topic has `topic.partitions` partitions (the
 * platform creates them so). `partitions`, when given, holds each message's partition as
 * `partitionOfKey` computed it already: only each record's key is hashed, and one that is not on
 * its record's partition throws (as does a length other than the messages').
 */
export function batchedRecords<T>(
  topic: TopicDefinition<T>,
  form: BatchedForm<T>,
  messages: readonly T[],
  headers: Record<string, string>,
  encodedParts?: EncodedParts<T>,
  partitions?: readonly number[],
): Message[] {
  if (partitions && partitions.length !== messages.length) {
    throw new Error(`${partitions.length} partitions given for ${messages.length} messages`);
  }
  // Groups hold positions in `messages`, which `encodedParts` is asked by.
  const open = new Map<number, RecordGroup>();
  const groups: RecordGroup[] = [];
  messages.forEach((message, position) => {
    let key: string | undefined;
    let partition = partitions?.[position];
    if (partition === undefined) {
      key = topic.keyOf(message);
      partition = partitionOfKey(key, topic.partitions);
    }
    let group = open.get(partition);
    if (!group || group.positions.length >= MAX_VALUES_PER_RECORD) {
      group = { key: key ?? keyOn(topic, message, partition), partition, positions: [] };
      open.set(partition, group);
      groups.push(group);
    }
    group.positions.push(position);
  });
  const batchHeaders = { ...headers, [Headers.contentType]: form.contentType };
  const join = form.joinEncoded;
  const encode =
    encodedParts && join
      ? (positions: readonly number[]) =>
          join(positions.map((p) => encodedParts(messages[p]!, p) ?? [encodedAlone(topic, messages[p]!)]))
      : (positions: readonly number[]) => form.encode(positions.map((p) => messages[p]!));
  return groups.flatMap((group) =>
    encodedWithin(encode, group.positions).map((part, i) => ({
      key: i === 0 ? group.key : keyOn(topic, messages[part.first]!, group.partition),
      value: part.bytes,
      headers: batchHeaders,
    })),
  );
}

/** The messages of one record: its key and partition, and their positions in the publish call. */
interface RecordGroup {
  key: string;
  partition: number;
  positions: number[];
}

/** `message`'s key, for a record on `partition`: it must hash there (a caller's wrong partition throws). */
function keyOn<T>(topic: TopicDefinition<T>, message: T, partition: number): string {
  const key = topic.keyOf(message);
  const hashed = partitionOfKey(key, topic.partitions);
  if (hashed !== partition) {
    throw new Error(`a record given partition ${partition} is keyed by '${key}', which hashes to partition ${hashed}`);
  }
  return key;
}

/** The group encoded as one record, or as consecutive halves while it is over `MAX_RECORD_BYTES`. */
function encodedWithin(
  encode: (positions: readonly number[]) => Uint8Array,
  positions: readonly number[],
): { first: number; bytes: Buffer }[] {
  const bytes = bufferOf(encode(positions));
  if (bytes.length <= MAX_RECORD_BYTES || positions.length === 1) return [{ first: positions[0]!, bytes }];
  const half = Math.ceil(positions.length / 2);
  return [...encodedWithin(encode, positions.slice(0, half)), ...encodedWithin(encode, positions.slice(half))];
}

/** Messages encoded one at a time share one kept writer. */
const keptWriter = new KeptWriter();

/** One message's encoding, in an array of its own. */
function encodedAlone<T>(topic: TopicDefinition<T>, message: T): Uint8Array {
  return keptWriter.written((writer) => topic.codec.encode(message, writer));
}

/** The parts as one value; a single part is the value itself, not copied. */
function joined(parts: readonly Uint8Array[]): Buffer {
  return parts.length === 1 ? bufferOf(parts[0]!) : Buffer.concat(parts);
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
