import { randomInt } from 'node:crypto';
import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * The Java client's murmur2 (Kafka's default partitioner) over the key's UTF-8 bytes, in 32-bit
 * integer arithmetic: keyed records land where any other Kafka producer would put them.
 */
export function murmur2(key: string | Uint8Array): number {
  const bytes = typeof key === 'string' ? asciiOrUtf8(key) : key;
  const length = bytes.length;
  const byteAt = typeof bytes === 'string' ? (i: number) => bytes.charCodeAt(i) : (i: number) => bytes[i]!;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = byteAt(i) | (byteAt(i + 1) << 8) | (byteAt(i + 2) << 16) | (byteAt(i + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & 3;
  if (tail === 3) h ^= byteAt(whole + 2) << 16;
  if (tail >= 2) h ^= byteAt(whole + 1) << 8;
  if (tail >= 1) h = Math.imul(h ^ byteAt(whole), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

/** An ASCII string is its own UTF-8; anything else is encoded once. */
function asciiOrUtf8(key: string): string | Uint8Array {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0x7f) return Buffer.from(key, 'utf8');
  return key;
}

/**
 * kafkajs's default partitioner with the same placement, without its per-record costs (a Long
 * per byte group, a filtered partition list per record): an explicit partition wins, a key is
 * hashed over all partitions, keyless records go round-robin over partitions that have a leader.
 */
export const keyPartitioner: ICustomPartitioner = () => {
  let counter = randomInt(0, 2 ** 31);
  return ({ partitionMetadata, message }) => {
    if (message.partition !== undefined && message.partition !== null) return message.partition;
    if (message.key !== undefined && message.key !== null)
      return (murmur2(message.key) & 0x7fffffff) % partitionMetadata.length;
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    const from = available.length > 0 ? available : partitionMetadata;
    counter = (counter + 1) & 0x7fffffff;
    return from[counter % from.length]!.partitionId;
  };
};
