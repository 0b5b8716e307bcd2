// bench/restarts: the long form of test-e2e/test/service-restarts.e2e.ts. Collector, preprocessor
// and aggregator run as separate processes; while events stream in through TrackBatch, a chaos
// loop kills one of them (or preprocessor and aggregator together) with SIGKILL every few seconds
// and starts it again, at moments not tied to the batches. The aggregator hosts the embedded
// ClickHouse, so its kills are the analytics store's too. Afterwards every event must be stored
// once and counted once, and the DLQ must hold the two poison records and nothing else.
import {
  countAfterStream,
  killAndRestart,
  type PipelineService,
  poisonDeadLettered,
  producePoison,
  restartStreamEvents,
  sendWithRetries,
  startProcessPipeline,
  unexpectedDeadLetters,
} from '@demand/test-e2e';
import { printBench, progress } from './report.js';

/** The stream ends after this many kill rounds (each of the four kinds in turn)… */
const ROUNDS = Number(process.env.BENCH_RESTARTS_ROUNDS ?? 8);
/** …or when these events are all sent. */
const MAX_EVENTS = 100_000;
const BATCH = 100;
const ITEMS = 30;
/** Pause between kills (after the previous restart finished). */
const FAULT_EVERY_MS = Number(process.env.BENCH_RESTARTS_EVERY_MS ?? 3_000);
const PACE_MS = 40;

const rounds: PipelineService[][] = [['preprocessor'], ['aggregator'], ['collector'], ['preprocessor', 'aggregator']];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pipeline = await startProcessPipeline();
try {
  const allEvents = restartStreamEvents(MAX_EVENTS, ITEMS, 'restart');
  let sending = true;
  let roundsDone = 0;
  const kills = new Map<string, number>();
  const chaos = (async () => {
    for (let round = 0; sending && round < ROUNDS; round++) {
      await sleep(FAULT_EVERY_MS);
      const services = rounds[round % rounds.length]!;
      await killAndRestart(pipeline, ...services);
      for (const s of services) kills.set(s, (kills.get(s) ?? 0) + 1);
      roundsDone = round + 1;
    }
  })();
  const started = Date.now();
  const sent = await sendWithRetries(
    pipeline,
    allEvents,
    BATCH,
    async (index) => {
      if (index === 5) await producePoison(pipeline);
      await sleep(PACE_MS);
    },
    () => roundsDone >= ROUNDS,
  );
  sending = false;
  await chaos;
  const events = allEvents.slice(0, sent.sent);
  const EVENTS = events.length;
  progress(
    `restarts: ${EVENTS} events in ${((Date.now() - started) / 1000).toFixed(0)} s, ${sent.retriedBatches} batches ` +
      `retried, kills ${[...kills].map(([s, n]) => `${s} ${n}`).join(', ')}`,
  );
  await pipeline.drain(240_000);
  const report = await countAfterStream(pipeline, events, ITEMS, 'restart');
  progress(`restarts: stored ${report.stored}, countable ${report.countable}, aggregated ${report.aggregated}`);
  const unexpected = unexpectedDeadLetters(report.deadLetters);
  if (unexpected.length > 0) progress(`restarts: unexpected dead letters: ${unexpected.slice(0, 5).join('; ')}`);
  printBench(
    'restarts_kills',
    [...kills.values()].reduce((a, b) => a + b, 0),
    'kills',
    0,
  );
  printBench('restarts_events_lost', EVENTS - report.stored, 'events', 0);
  printBench('restarts_events_double_counted', Math.max(0, report.aggregated - report.countable), 'events', 0);
  printBench('restarts_events_undercounted', Math.max(0, report.countable - report.aggregated), 'events', 0);
  printBench('restarts_unexpected_dead_letters', unexpected.length, 'records', 0);
  printBench('restarts_poison_missing_from_dlq', 2 - poisonDeadLettered(report.deadLetters), 'records', 0);
} finally {
  await pipeline.stop();
}
