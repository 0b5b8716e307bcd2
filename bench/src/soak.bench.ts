// bench/soak: steady TrackBatch load through collector, preprocessor and aggregator, each its own
// process, for BENCH_SOAK_SECONDS (default 180; set it to hours for a real soak). Every interval
// it prints the p99 latency of the calls in it and each service's resident memory and V8 heap
// (in use / reserved) and external memory, read from its /metrics (the median of an interval's
// samples, to damp GC). Three growth figures, each summed over the services:
// - soak_memory_growth: the resident memory at the end minus after a first warm-up interval (JIT,
//   connection pools, the first inserts);
// - soak_memory_growth_steady: the same from the first interval after every user of the stream has
//   appeared (the stream brings a fifth of its events' count as users, each first seen in the first
//   fifth of the run; the aggregator holds a profile per user, so its memory follows them until then);
// - soak_memory_growth_second_half: from the middle interval to the end, to tell growth that levels
//   off (warm-up) from growth that goes on.
// The preprocessor's duplicate-id window is set small enough to fill during warm-up, so its
// designed, bounded growth is not counted as a leak.
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  type PipelineService,
  pipelineServices,
  type ProcessMemoryMb,
  processMemoryMb,
  restartStreamEvents,
  startProcessPipeline,
} from '@demand/test-e2e';
import { median, printBench, progress } from './report.js';
import { serviceNodeOptions } from './service-node-options.js';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 180);
const INTERVAL_S = Number(process.env.BENCH_SOAK_INTERVAL_SECONDS ?? 20);
const EVENTS_PER_SECOND = Number(process.env.BENCH_SOAK_EVENTS_PER_SECOND ?? 500);
const BATCH = 100;
const ITEMS = 200;
const SAMPLE_EVERY_MS = 2_000;

// Node/V8 options per service (`AGGREGATOR_NODE_OPTIONS=--max-semi-space-size=16`): what V8's heap sizing adds.
const pipeline = await startProcessPipeline({ PREPROCESSOR_DEDUP_WINDOW: '20000' }, serviceNodeOptions);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;

interface Interval {
  latencies: number[];
  /** Calls refused by back-pressure (UNAVAILABLE): the pipeline could not keep up with the load. */
  refused: number;
  failures: number;
  memory: Map<PipelineService, ProcessMemoryMb[]>;
}
const newInterval = (): Interval => ({
  latencies: [],
  refused: 0,
  failures: 0,
  memory: new Map(pipelineServices.map((s) => [s, []])),
});
/** The median of one memory figure over an interval's samples of a service. */
const memoryOf = (interval: Interval, service: PipelineService, figure: keyof ProcessMemoryMb) =>
  median(interval.memory.get(service)!.map((m) => m[figure]));

function describeMemory(interval: Interval): string {
  return pipelineServices
    .map((s) => {
      const [rss, heap, total, external] = (['rss', 'heap', 'heapTotal', 'external'] as const).map((f) =>
        memoryOf(interval, s, f).toFixed(0),
      );
      return `${s} ${rss} (heap ${heap}/${total}, external ${external})`;
    })
    .join(', ');
}

/** Resident memory and used heap at `to` minus at `from`, summed over the services (one line each). */
function growth(label: string, from: Interval, to: Interval): { rss: number; heap: number } {
  let rss = 0;
  let heap = 0;
  for (const service of pipelineServices) {
    const [rssFrom, rssTo] = [memoryOf(from, service, 'rss'), memoryOf(to, service, 'rss')];
    const heapGrowth = memoryOf(to, service, 'heap') - memoryOf(from, service, 'heap');
    progress(
      `soak ${label}: ${service} RSS ${rssFrom.toFixed(0)} → ${rssTo.toFixed(0)} MB, heap ${heapGrowth.toFixed(1)} MB`,
    );
    rss += rssTo - rssFrom;
    heap += heapGrowth;
  }
  return { rss, heap };
}

try {
  const intervals: Interval[] = [newInterval()];
  const intervalCount = Math.max(2, Math.round(SECONDS / INTERVAL_S));
  const events = restartStreamEvents(Math.ceil(EVENTS_PER_SECOND * INTERVAL_S * intervalCount), ITEMS, 'soak');
  /** restartStreamEvents' users: a fifth of the events, each first seen in the first fifth of the stream. */
  const everyUserSeenS = Math.floor(events.length / 5) / EVENTS_PER_SECOND;
  const started = Date.now();
  const sampler = setInterval(() => {
    const interval = intervals.at(-1)!;
    for (const service of pipelineServices) {
      void processMemoryMb(pipeline.httpAddress(service)).then((m) => interval.memory.get(service)!.push(m));
    }
  }, SAMPLE_EVERY_MS);
  const batchEveryMs = (1000 * BATCH) / EVENTS_PER_SECOND;
  for (let i = 0; i < events.length; i += BATCH) {
    const due = started + (i / BATCH) * batchEveryMs;
    await sleep(Math.max(0, due - Date.now()));
    const index = Math.floor((Date.now() - started) / (INTERVAL_S * 1000));
    while (intervals.length <= index) {
      const done = intervals.at(-1)!;
      progress(
        `soak: interval ${intervals.length}: p99 ${quantile(done.latencies, 0.99).toFixed(1)} ms over ` +
          `${done.latencies.length} calls, ${done.refused} refused, ${done.failures} failed; MB ${describeMemory(done)}`,
      );
      intervals.push(newInterval());
    }
    const interval = intervals.at(-1)!;
    const callStart = performance.now();
    // Calls overlap when the pipeline is slow: the load stays steady instead of backing off.
    pipeline.collector.trackBatch(
      { events: events.slice(i, i + BATCH) },
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error: ServiceError | null) => {
        if (error?.code === status.UNAVAILABLE) interval.refused++;
        else if (error) interval.failures++;
        else interval.latencies.push(performance.now() - callStart);
      },
    );
  }
  await sleep(1_000);
  clearInterval(sampler);

  const measured = intervals.at(-1)!.latencies.length > 0 ? intervals : intervals.slice(0, -1);
  const last = measured.at(-1)!;
  const raw = growth('after warm-up', measured[1]!, last);
  // The first whole interval after the last new user; the raw figure's start when the run is too short.
  const steadyFrom = measured[Math.min(Math.max(1, Math.ceil(everyUserSeenS / INTERVAL_S)), measured.length - 2)]!;
  const steady = growth('every user seen', steadyFrom, last);
  const secondHalf = growth('second half', measured[Math.floor(measured.length / 2)]!, last);
  const p99s = intervals.slice(1).map((i) => quantile(i.latencies, 0.99));
  printBench('soak_memory_growth', raw.rss, 'MB', 0);
  printBench('soak_memory_growth_steady', steady.rss, 'MB', 0);
  printBench('soak_memory_growth_second_half', secondHalf.rss, 'MB', 0);
  printBench('soak_heap_growth', raw.heap, 'MB', 0);
  printBench('soak_heap_growth_steady', steady.heap, 'MB', 0);
  printBench('soak_p99_first_ms', p99s[0] ?? Number.NaN, 'ms', p99s[0] ?? 0);
  printBench('soak_p99_last_ms', p99s.at(-1) ?? Number.NaN, 'ms', p99s[0] ?? 0);
  printBench(
    'soak_refused_calls',
    intervals.reduce((n, i) => n + i.refused, 0),
    'calls',
    0,
  );
  printBench(
    'soak_failed_calls',
    intervals.reduce((n, i) => n + i.failures, 0),
    'calls',
    0,
  );
} finally {
  await pipeline.stop();
}
