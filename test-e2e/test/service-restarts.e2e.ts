import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { startProcessPipeline, type ProcessPipeline } from '../src/process-pipeline.js';
import {
  countAfterStream,
  killAndRestart,
  poisonDeadLettered,
  producePoison,
  restartStreamEvents,
  sendWithRetries,
  unexpectedDeadLetters,
} from '../src/restart-stream.js';

const EVENTS = 2_000;
const BATCH = 100;
const ITEMS = 12;

let pipeline: ProcessPipeline;
beforeAll(async () => {
  pipeline = await startProcessPipeline();
}, 180_000);
afterAll(async () => pipeline?.stop(), 60_000);

test('collector, preprocessor and aggregator (with its ClickHouse) killed with SIGKILL mid-stream: every event counted exactly once, only poison in the DLQ', async () => {
  const events = restartStreamEvents(EVENTS, ITEMS);
  const batches = EVENTS / BATCH;
  const faults = new Map<number, () => Promise<void>>([
    [3, () => producePoison(pipeline)],
    [6, () => killAndRestart(pipeline, 'preprocessor')],
    [12, () => killAndRestart(pipeline, 'aggregator')],
    [18, () => killAndRestart(pipeline, 'collector')],
  ]);
  // A fault happens while the stages behind it still have work: the batch before it is not drained.
  const sent = await sendWithRetries(pipeline, events, BATCH, async (index) => faults.get(index)?.());
  assert.ok(batches > Math.max(...faults.keys()));

  // The collector was killed between two calls; the next call found it down and was retried.
  await pipeline.drain(120_000);
  const report = await countAfterStream(pipeline, events, ITEMS);

  assert.equal(report.stored, EVENTS, `lost ${EVENTS - report.stored} events (${sent.retriedBatches} retried batches)`);
  assert.ok(report.countable > EVENTS * 0.99, `only ${report.countable} events counted as human`);
  assert.equal(report.aggregated, report.countable, 'aggregated views equal the distinct countable events');
  assert.deepEqual(unexpectedDeadLetters(report.deadLetters), []);
  assert.equal(poisonDeadLettered(report.deadLetters), 2, 'both poison records reached the DLQ');
}, 300_000);
