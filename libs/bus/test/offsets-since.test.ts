import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { offsetsSince } from '../src/offsets-since.js';
import { recordingLogger } from './support.js';

/** A broker's answers to offsets by timestamp: per time asked, per partition. */
function admin(answers: Record<number, Record<number, string>>) {
  return {
    fetchTopicOffsetsByTimestamp: async (_topic: string, at?: number) =>
      Object.entries(answers[at === 0 ? 0 : 1]!).map(([partition, offset]) => ({ partition: +partition, offset })),
  };
}

const ends = [
  { partition: 0, low: '10', high: '50' },
  { partition: 1, low: '20', high: '60' },
  { partition: 2, low: '5', high: '5' },
];

test('a partition whose answer for time 0 is its start starts at `since`; one that ignores timestamps at its start', async () => {
  const logger = recordingLogger();
  const broker = admin({ 0: { 0: '10', 1: '60', 2: '5' }, 1: { 0: '42', 1: '60', 2: '5' } });
  const starts = await offsetsSince(broker, 't', 1_000, ends, logger);
  assert.deepEqual(starts, [
    { partition: 0, offset: '42' },
    { partition: 1, offset: '20' },
    { partition: 2, offset: '5' },
  ]);
  assert.equal(logger.lines.length, 1);
  assert.equal(logger.lines[0]!.level, 'warn');
  assert.deepEqual(logger.lines[0]!.fields.partitions, [1]);
});

test('no warning when the broker honours timestamps everywhere', async () => {
  const logger = recordingLogger();
  const broker = admin({ 0: { 0: '10', 1: '20', 2: '5' }, 1: { 0: '42', 1: '33', 2: '5' } });
  const starts = await offsetsSince(broker, 't', 1_000, ends, logger);
  assert.deepEqual(
    starts.map((s) => s.offset),
    ['42', '33', '5'],
  );
  assert.deepEqual(logger.lines, []);
});
