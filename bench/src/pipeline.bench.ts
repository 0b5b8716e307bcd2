// bench/pipeline: behaviour events/s from TrackBatch, and from `./demand import <file>`, to rows
// in ClickHouse through collector → preprocessor → aggregator, each service its own process from
// its production entry point (as deployed), beside bare kafkajs on the same broker in the same
// run. An event is in ClickHouse when the aggregator's group has committed the record holding
// it: the aggregator commits only after the insert that holds its rows is acknowledged. CPU µs
// per event per stage come from each service's own /metrics (all threads, GC included), each stage's
// main thread's from /proc, and the aggregator's by thread (V8 helpers, chdb's pools) with its events
// per handler call, as progress lines; the client's (the bench's own sender of pre-encoded TrackBatch
// calls, or the `./demand import` process) and the broker's too. The import's figures include the
// aggregator's profile refresh after its last rows.
// BENCH_PIPELINE_EVENTS (default 200 000) and BENCH_IMPORT_EVENTS (default 1 000 000) size the runs;
// BENCH_IMPORT_ARGS adds options to the import (e.g. `--batch 1000`); BENCH_TRACK_BATCH (default 1000) sets the
// events per TrackBatch call of the live run.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Event, type ItemUpsert, Topics } from '@demand/contracts';
import { createShop } from '@demand/testkit';
import { initTelemetry } from '@demand/telemetry';
import { bareProduceConsumeRate } from './bare-kafka.js';
import { positiveIntFromEnv } from './env.js';
import {
  cpuSeconds,
  cpuSecondsByThreadName,
  handlerCalls,
  encodeTrackBatches,
  metricValue,
  mainThreadCpuSeconds,
  processCpuSeconds,
  profiling,
  sendTrackBatches,
  startPipelineStages,
  waitUntilCaughtUp,
} from './pipeline-stages.js';
import { cpuMicros, printBench, progress } from './report.js';
import { threadCpuSince } from './server-cpu.js';

const PIPELINE_EVENTS = positiveIntFromEnv('BENCH_PIPELINE_EVENTS', 200_000);
const IMPORT_EVENTS = positiveIntFromEnv('BENCH_IMPORT_EVENTS', 1_000_000);
const TRACK_BATCH = positiveIntFromEnv('BENCH_TRACK_BATCH', 1000);
const STAGES = ['collector', 'preprocessor', 'aggregator'] as const;
const root = fileURLToPath(new URL('../../../', import.meta.url));

const telemetry = initTelemetry({ serviceName: 'bench' });
const workDir = mkdtempSync(path.join(tmpdir(), 'bench-pipeline-'));
const stages = await startPipelineStages(['aggregator', 'preprocessor', 'collector']);
try {
  const shop = createShop({ seed: 13, users: 20_000, items: 2000, startDay: '2026-06-01' });
  const events = [...shop.generateEvents({ maxEvents: PIPELINE_EVENTS, runId: 'live' })];
  const bytes = events.map((e) => Buffer.from(Event.encode(e).finish()));
  await stages.broker.createTopics([{ name: 'bench.bare.pipeline.v1', partitions: 8 }]);
  const bareCpu = cpuMicros();
  const ceiling = await bareProduceConsumeRate(stages.broker.bootstrapServers, 'bench.bare.pipeline.v1', bytes, 1000);
  const bareCpuPerEvent = bareCpu() / bytes.length;
  progress(`pipeline: bare kafkajs produce+consume ${Math.round(ceiling)} events/s, ${bareCpuPerEvent.toFixed(1)} µs`);

  const items = shop
    .itemUpsertEvents()
    .flatMap((e): ItemUpsert[] => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
  for (let i = 0; i < items.length; i += 1000)
    await new Promise((resolve, reject) =>
      stages.collector.upsertItems({ items: items.slice(i, i + 1000) }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  await caughtUp(120_000);

  const requests = encodeTrackBatches(events, TRACK_BATCH);
  const live = await measure(events.length, async () => {
    const used = cpuMicros();
    await sendTrackBatches(stages.collectorAddress, requests, 4);
    return used() / 1e6;
  });
  const file = path.join(workDir, 'history.jsonl');
  const lines = writeHistory(file, shop);
  progress(`pipeline: ${lines} history lines, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB in ${file}`);
  const imported = await measure(lines, () => importFile(file), aggregatorIdle);

  printBench('pipeline_trackbatch_to_clickhouse', live.rate, 'events/s', ceiling);
  printBench('import_file_to_clickhouse', imported.rate, 'events/s', ceiling);
  printBench('pipeline_bare_kafkajs_produce_consume', ceiling, 'events/s', ceiling);
  // The client: the bench's own TrackBatch sender (requests encoded before the clock), `./demand import`.
  printBench('pipeline_client_cpu_per_event', live.clientCpu, 'us', bareCpuPerEvent);
  printBench('import_client_cpu_per_event', imported.clientCpu, 'us', bareCpuPerEvent);
  printBench('pipeline_broker_cpu_per_event', live.brokerCpu, 'us', bareCpuPerEvent);
  printBench('import_broker_cpu_per_event', imported.brokerCpu, 'us', bareCpuPerEvent);
  for (const [i, stage] of STAGES.entries()) {
    printBench(`pipeline_${stage}_cpu_per_event`, live.cpu[i]!, 'us', bareCpuPerEvent);
    printBench(`import_${stage}_cpu_per_event`, imported.cpu[i]!, 'us', bareCpuPerEvent);
    printBench(`pipeline_${stage}_main_thread_cpu_per_event`, live.mainCpu[i]!, 'us', live.cpu[i]!);
    printBench(`import_${stage}_main_thread_cpu_per_event`, imported.mainCpu[i]!, 'us', imported.cpu[i]!);
  }
} finally {
  await stages.stop();
  await telemetry.shutdown();
  rmSync(workDir, { recursive: true, force: true });
}

/**
 * Runs `send` (it resolves to the client's CPU seconds), waits until every event is in ClickHouse;
 * events/s and CPU µs per event per stage, the client's and the broker's.
 */
async function measure(
  count: number,
  send: () => Promise<number>,
  afterStored?: () => Promise<void>,
): Promise<{ rate: number; cpu: number[]; mainCpu: number[]; clientCpu: number; brokerCpu: number }> {
  const cpu = () => Promise.all(STAGES.map((name) => cpuSeconds(stages.services.get(name)!)));
  const mainCpu = () => STAGES.map((name) => mainThreadCpuSeconds(stages.services.get(name)!));
  const cpuBefore = await cpu();
  const mainCpuBefore = mainCpu();
  const aggregator = stages.services.get('aggregator')!;
  const aggregatorThreadsBefore = cpuSecondsByThreadName(aggregator);
  const aggregatorCallsBefore = await handlerCalls(aggregator, Topics.eventsClean.name);
  const brokerCpuBefore = processCpuSeconds(stages.broker.pid);
  const started = Date.now();
  const clientCpu = await send();
  const sent = Date.now();
  const finished = await caughtUp(900_000);
  if (afterStored) {
    await afterStored();
    progress(`  aggregator idle ${((Date.now() - finished) / 1000).toFixed(1)} s after the last row was stored`);
  }
  const brokerCpu = processCpuSeconds(stages.broker.pid) - brokerCpuBefore;
  const cpuAfter = await cpu();
  const mainCpuAfter = mainCpu();
  const aggregatorCalls = (await handlerCalls(aggregator, Topics.eventsClean.name)) - aggregatorCallsBefore;
  const aggregatorThreads = threadCpuSince(aggregatorThreadsBefore, cpuSecondsByThreadName(aggregator)).map(
    ([name, seconds]) => `${name} ${((seconds * 1e6) / count).toFixed(1)}`,
  );
  progress(
    `  aggregator: ${(count / aggregatorCalls).toFixed(0)} events per handler call; CPU µs per event by thread:`,
  );
  progress(`    ${aggregatorThreads.join(', ')}`);
  progress(
    `  ${count} events accepted in ${((sent - started) / 1000).toFixed(1)} s, stored ${((finished - sent) / 1000).toFixed(1)} s later`,
  );
  return {
    rate: count / ((finished - started) / 1000),
    cpu: cpuAfter.map((after, i) => ((after - cpuBefore[i]!) * 1e6) / count),
    mainCpu: mainCpuAfter.map((after, i) => ((after - mainCpuBefore[i]!) * 1e6) / count),
    clientCpu: (clientCpu * 1e6) / count,
    brokerCpu: (brokerCpu * 1e6) / count,
  };
}

/**
 * Waits until the aggregator has refreshed the profiles of every stored event (nothing pending for
 * the touched refresh, none running) and is then idle (under 10 % of a core for 5 s running): the
 * touched refresh of the last rows stored runs after them (2 s later, or up to four times as long as
 * the refresh before when that one took long), and its CPU counts as the import's, though the rate
 * counts rows only.
 */
async function aggregatorIdle(): Promise<void> {
  const aggregator = stages.services.get('aggregator')!;
  const giveUpAt = Date.now() + 600_000;
  const refreshed = async () =>
    (await metricValue(aggregator, 'aggregator_profile_touched_pending')) === 0 &&
    (await metricValue(aggregator, 'aggregator_profile_refresh_running')) === 0;
  while (!(await refreshed())) {
    if (Date.now() > giveUpAt) throw new Error('the aggregator still had profiles to refresh after 600 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  let idle = 0;
  let last = processCpuSeconds(aggregator.child.pid!);
  while (idle < 10 && Date.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = processCpuSeconds(aggregator.child.pid!);
    idle = now - last < 0.05 ? idle + 1 : 0;
    last = now;
  }
}

/** The preprocessor has taken every raw record and then the aggregator has stored every clean one. */
async function caughtUp(timeoutMs: number): Promise<number> {
  await waitUntilCaughtUp(stages.admin, 'preprocessor', Topics.eventsRaw.name, timeoutMs);
  return waitUntilCaughtUp(stages.admin, 'aggregator', Topics.eventsClean.name, timeoutMs);
}

/** A shop's history as JSON Lines (protobuf JSON of each event), written before any clock starts. */
function writeHistory(file: string, shop: ReturnType<typeof createShop>): number {
  const fd = openSync(file, 'w');
  let lines = 0;
  let chunk: string[] = [];
  for (const event of shop.generateEvents({ maxEvents: IMPORT_EVENTS, runId: 'history' })) {
    chunk.push(JSON.stringify(Event.toJSON(event)));
    lines++;
    if (chunk.length === 10_000) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
  return lines;
}

/**
 * `./demand import <file>` as a user runs it (its own process, progress bar on stderr); resolves to
 * its CPU seconds, which a shell's `times` reports once it has ended (Node gives no child's rusage).
 * `BENCH_IMPORT_ARGS`: more options for the import (e.g. `--batch 1000`), for comparisons.
 */
function importFile(file: string): Promise<number> {
  const collector = `127.0.0.1:${stages.services.get('collector')!.grpcPort}`;
  const options = (process.env.BENCH_IMPORT_ARGS ?? '').split(' ').filter(Boolean);
  const cli = [path.join(root, 'tools/cli/dist/src/main.js'), 'import', '--collector', collector, ...options, file];
  const child = spawn(
    '/bin/sh',
    ['-c', '"$0" "$@" 2>/dev/null; s=$?; times >&2; exit $s', process.execPath, ...profiling('import'), ...cli],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let summary = '';
  let times = '';
  child.stdout.on('data', (chunk: Buffer) => (summary += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (times += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`import exited ${code}: ${summary}`));
      progress(`  import: ${summary.trim()}`);
      // The second line holds the children's user and system time: `0m1.230000s 0m0.120000s`.
      const [user, system] = [...(times.trim().split('\n').at(-1) ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map(
        (m) => Number(m[1]) * 60 + Number(m[2]),
      );
      if (user === undefined || system === undefined) return reject(new Error(`no CPU times from the shell: ${times}`));
      resolve(user + system);
    }),
  );
}
