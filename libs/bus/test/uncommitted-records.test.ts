import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { uncommittedRecords } from '../src/kafka-lag-probe.js';

const ends = [
  { partition: 0, low: '0', high: '10' },
  { partition: 1, low: '4', high: '9' },
  { partition: 2, low: '0', high: '3' },
];

// Partition 0 committed at 7; 1 and 2, never committed, count from their low watermarks.
test('per partition the high watermark less the committed offset', () => {
  assert.equal(uncommittedRecords(ends, [{ partition: 0, offset: '7' }]), 3 + 5 + 3);
});

test('an offset committed below what retention left counts from the low watermark', () => {
  assert.equal(uncommittedRecords(ends, [{ partition: 1, offset: '2' }]), 10 + 5 + 3);
});

test('an offset committed past the high watermark is no lag there, not a negative one that hides the others', () => {
  assert.equal(uncommittedRecords(ends, [{ partition: 2, offset: '8' }]), 10 + 5);
});

test('kafkajs listing a never-committed partition at offset -1 counts it from its low watermark', () => {
  const committed = [
    { partition: 0, offset: '7' },
    { partition: 1, offset: '-1' },
    { partition: 2, offset: '-1' },
  ];
  assert.equal(uncommittedRecords(ends, committed), 3 + 5 + 3);
});
