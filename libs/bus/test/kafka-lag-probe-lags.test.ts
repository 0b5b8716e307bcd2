import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { KafkaLagProbe } from '../src/kafka-lag-probe.js';
import { recordingLogger } from './support.js';

const ends: Record<string, { partition: number; low: string; high: string }[]> = {
  a: [
    { partition: 0, low: '0', high: '10' },
    { partition: 1, low: '0', high: '4' },
  ],
  b: [{ partition: 0, low: '2', high: '6' }],
};
const committed: Record<string, Record<string, { partition: number; offset: string }[]>> = {
  first: { a: [{ partition: 0, offset: '7' }], b: [{ partition: 0, offset: '5' }] },
  second: { a: [{ partition: 1, offset: '4' }] },
};

test("many groups' lags read each topic's watermarks once and each group's offsets once", async () => {
  const calls: string[] = [];
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    fetchTopicOffsets: async (topic: string) => {
      calls.push(`ends ${topic}`);
      return ends[topic] ?? [];
    },
    fetchOffsets: async ({ groupId, topics }: { groupId: string; topics: string[] }) => {
      calls.push(`offsets ${groupId} ${topics.join(',')}`);
      return topics.map((topic) => ({ topic, partitions: committed[groupId]?.[topic] ?? [] }));
    },
  };
  const probe = new KafkaLagProbe({ clientId: 't', brokers: ['127.0.0.1:1'], logger: recordingLogger() });
  // The probe's kafkajs client, given an admin that answers from the tables above.
  Object.assign((probe as unknown as { kafka: object }).kafka, { admin: () => admin });
  const lags = await probe.lags([
    { groupId: 'first', registryTopic: 'a' },
    { groupId: 'second', registryTopic: 'a' },
    { groupId: 'first', registryTopic: 'b' },
  ]);
  await probe.close();
  assert.deepEqual(lags, [3 + 4, 10 + 0, 1]);
  assert.deepEqual(calls.sort(), ['ends a', 'ends b', 'offsets first a,b', 'offsets second a']);
});
