import type { Message } from 'kafkajs';
import { type BatchedForm, Headers, type TopicDefinition } from '@demand/contracts';
import { murmur2 } from './key-partitioner.js';

/** One record per message, keyed by the topic's key. */
export function singleRecords<T>(
  topic: TopicDefinition<T>,
  messages: readonly T[],
  headers: Record<string, string>,
): Message[] {
  return messages.map((message) => ({
    key: topic.keyOf(message),
    value: bufferOf(topic.codec.encode(message).finish()),
    headers,
  }));
}

/** Values in one batched record at most: keeps records well under the broker's size limit. */
export const MAX_VALUES_PER_RECORD = 1000;

/**
 * One record per partition (per `MAX_VALUES_PER_RECORD` values) holding that partition's messages
 * in order, keyed by its first message's key: the partitioner hashes that key to the same partition as every other key of
 * the group, as long as the topic has `topic.partitions` partitions (the platform creates them so).
 */
export function batchedRecords<T>(
  topic: TopicDefinition<T>,
  form: BatchedForm<T>,
  messages: readonly T[],
  headers: Record<string, string>,
): Message[] {
  const open = new Map<number, { key: string; values: T[] }>();
  const groups: { key: string; values: T[] }[] = [];
  for (const message of messages) {
    const key = topic.keyOf(message);
    const partition = (murmur2(key) & 0x7fffffff) % topic.partitions;
    let group = open.get(partition);
    if (!group || group.values.length >= MAX_VALUES_PER_RECORD) {
      group = { key, values: [] };
      open.set(partition, group);
      groups.push(group);
    }
    group.values.push(message);
  }
  const batchHeaders = { ...headers, [Headers.contentType]: form.contentType };
  return groups.map(({ key, values }) => ({
    key,
    value: bufferOf(form.encode(values)),
    headers: batchHeaders,
  }));
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
