import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { type Event, type ItemStats, Topics } from '@demand/contracts';
import { consumerLag } from '../src/consumer-lag.js';
import { unaryCall } from '../src/grpc-call.js';
import { startProcessPipeline, type ProcessPipeline } from '../src/process-pipeline.js';
import { processMemoryMb } from '../src/service-metrics.js';
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
const STALL_BOUND = 40;

async function trackBatchAnswer(events: Event[]): Promise<{ code: number; retryAfterMs?: number }> {
  return new Promise((resolve) => {
    pipeline.collector.trackBatch(
      { events },
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error: ServiceError | null) => {
        const hint = error?.metadata?.get('retry-after-ms')[0];
        resolve({ code: error?.code ?? status.OK, ...(hint === undefined ? {} : { retryAfterMs: Number(hint) }) });
      },
    );
  });
}

test('a stopped preprocessor: the collector refuses with UNAVAILABLE and a retry hint once its backlog passes the bound, memory stays flat, and takes events again after it returns', async () => {
  const events = restartStreamEvents(30_000, ITEMS, 'stall');
  await pipeline.kill('preprocessor');
  const before = (await processMemoryMb(pipeline.httpAddress('collector'))).rss;
  let accepted = 0;
  let refusal: { code: number; retryAfterMs?: number } | undefined;
  for (let i = 0; i < events.length && !refusal; i += 100) {
    const answer = await trackBatchAnswer(events.slice(i, i + 100));
    if (answer.code === status.OK) accepted += 100;
    else refusal = answer;
  }
  assert.deepEqual(refusal, { code: status.UNAVAILABLE, retryAfterMs: 300 });
  const behind = await consumerLag(pipeline.admin, 'preprocessor', Topics.eventsRaw.name);
  // The backlog is read every 200 ms, so a few more calls get in after the bound is passed; without
  // the bound all 300 calls would have gone through (up to 8 records each).
  assert.ok(behind < 10 * STALL_BOUND, `the raw backlog stopped near the bound (${behind} records)`);
  // Clients that ignore the hint keep hammering: every call is refused and the collector does not grow.
  for (let i = 0; i < 50; i++) {
    assert.equal((await trackBatchAnswer(events.slice(accepted, accepted + 100))).code, status.UNAVAILABLE);
  }
  const after = (await processMemoryMb(pipeline.httpAddress('collector'))).rss;
  assert.ok(after - before < 40, `collector memory ${before.toFixed(0)} → ${after.toFixed(0)} MB`);

  await pipeline.start('preprocessor');
  const resumedBy = Date.now() + 60_000;
  let answer = await trackBatchAnswer(events.slice(accepted, accepted + 100));
  while (answer.code !== status.OK && Date.now() < resumedBy) {
    assert.equal(answer.code, status.UNAVAILABLE);
    await new Promise((resolve) => setTimeout(resolve, answer.retryAfterMs ?? 300));
    answer = await trackBatchAnswer(events.slice(accepted, accepted + 100));
  }
  assert.equal(answer.code, status.OK, 'taken again once the preprocessor caught up');
  accepted += 100;

  await pipeline.drain(120_000);
  let aggregated = 0;
  for (let item = 0; item < ITEMS; item++) {
    const stats = await unaryCall<ItemStats>((m, o, cb) =>
      pipeline.features.getItemStats({ itemId: `stall-item-${item}`, fromDay: '', toDay: '' }, m, o, cb),
    );
    aggregated += stats.totals?.views ?? 0;
  }
  assert.equal(aggregated, accepted, 'every accepted event counted once, no refused one');
}, 240_000);

let pipeline: ProcessPipeline;
beforeAll(async () => {
  // Back-pressure bounds low enough that a stopped preprocessor trips them within a few calls.
  pipeline = await startProcessPipeline({
    COLLECTOR_MAX_RECORDS_BEHIND: String(STALL_BOUND),
    COLLECTOR_BACKLOG_CHECK_MS: '200',
    COLLECTOR_RETRY_AFTER_MS: '300',
    // The group waits on a SIGKILLed member this long before its replacement gets the partitions (6 s before).
    KAFKA_SESSION_TIMEOUT_MS: '3000',
  });
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
