import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { PartitionerArgs } from 'kafkajs';
import { keyPartitioner, murmur2 } from '../src/key-partitioner.js';

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (
  key: string | Buffer,
) => number;

const partitions = (count: number, leaderless: number[] = []) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));
const args = (message: PartitionerArgs['message'], count = 8, leaderless: number[] = []): PartitionerArgs => ({
  topic: 't',
  partitionMetadata: partitions(count, leaderless),
  message,
});

test('murmur2 matches the Java-compatible hash kafkajs ships, for ASCII, Chinese, emoji, bytes and every tail length', () => {
  const keys = [
    '',
    'a',
    'ab',
    'abc',
    'abcd',
    'user-42',
    'u_8f3a9c1e0b7d4f2a9c1e0b7d4f2a9c1e',
    '用户-张三',
    '顾客😀',
    'ü',
    '\u0000\u007f',
  ];
  for (let i = 0; i < 300; i++) keys.push(`k${i * 7919}-${String.fromCharCode(32 + (i % 90))}${'x'.repeat(i % 5)}`);
  for (const key of keys) {
    assert.equal(murmur2(key), kafkajsMurmur2(key), `key ${JSON.stringify(key)}`);
    assert.equal(murmur2(Buffer.from(key)), kafkajsMurmur2(Buffer.from(key)), `bytes of ${JSON.stringify(key)}`);
  }
});

test('keyed records go where the Java client puts them; an explicit partition wins', () => {
  const partition = keyPartitioner();
  for (const key of ['user-1', 'user-2', '用户-3'])
    assert.equal(partition(args({ key, value: null })), (kafkajsMurmur2(key) & 0x7fffffff) % 8);
  assert.equal(partition(args({ key: 'user-1', value: null, partition: 5 })), 5);
});

test('keyless records go round-robin over partitions that have a leader', () => {
  const partition = keyPartitioner();
  const chosen = Array.from({ length: 12 }, () => partition(args({ value: null }, 4, [2])));
  assert.deepEqual(new Set(chosen), new Set([0, 1, 3]));
  assert.ok(
    chosen.every((p, i) => i === 0 || p !== chosen[i - 1]),
    'consecutive records alternate',
  );
});
