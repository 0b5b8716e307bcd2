// bench/soak: steady TrackBatch load through collector, preprocessor and aggregator, each its own
// process, for BENCH_SOAK_SECONDS (default 180; set it to hours for a real soak). Every interval
// it prints the p99 latency of the calls in it and each service's resident memory and V8 heap,
// read from its /metrics. After a warm-up interval (JIT, connection pools, the first inserts), the
// memory of every service must stay flat: soak_memory_growth is the sum over the services of the
// resident memory at the end minus after warm-up (the median of an interval's samples, to damp GC).
// The preprocessor's duplicate-id window is set small enough to fill during warm-up, so its
// designed, bounded growth is not counted as a leak.
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import {
  type PipelineService,
  pipelineServices,
  processMemoryMb,
  restartStreamEvents,
  startProcessPipeline,
} from '@demand/test-e2e';
import { printBench, progress } from './report.js';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 180);
const INTERVAL_S = Number(process.env.BENCH_SOAK_INTERVAL_SECONDS ?? 20);
const EVENTS_PER_SECOND = Number(process.env.BENCH_SOAK_EVENTS_PER_SECOND ?? 500);
const BATCH = 100;
const ITEMS = 200;
const SAMPLE_EVERY_MS = 2_000;

const pipeline = await startProcessPipeline({ PREPROCESSOR_DEDUP_WINDOW: '20000' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;

interface Interval {
  latencies: number[];
  /** Calls refused by back-pressure (UNAVAILABLE): the pipeline could not keep up with the load. */
  refused: number;
  failures: number;
  memory: Map<PipelineService, { rss: number[]; heap: number[] }>;
}
const newInterval = (): Interval => ({
  latencies: [],
  refused: 0,
  failures: 0,
  memory: new Map(pipelineServices.map((s) => [s, { rss: [], heap: [] }])),
});

try {
  const intervals: Interval[] = [newInterval()];
  const intervalCount = Math.max(2, Math.round(SECONDS / INTERVAL_S));
  const events = restartStreamEvents(Math.ceil(EVENTS_PER_SECOND * INTERVAL_S * intervalCount), ITEMS, 'soak');
  const started = Date.now();
  const sampler = setInterval(() => {
    const interval = intervals.at(-1)!;
    for (const service of pipelineServices) {
      void processMemoryMb(pipeline.httpAddress(service)).then((m) => {
        interval.memory.get(service)!.rss.push(m.rss);
        interval.memory.get(service)!.heap.push(m.heap);
      });
    }
  }, SAMPLE_EVERY_MS);
  const batchEveryMs = (1000 * BATCH) / EVENTS_PER_SECOND;
  for (let i = 0; i < events.length; i += BATCH) {
    const due = started + (i / BATCH) * batchEveryMs;
    await sleep(Math.max(0, due - Date.now()));
    const index = Math.floor((Date.now() - started) / (INTERVAL_S * 1000));
    while (intervals.length <= index) {
      const done = intervals.at(-1)!;
      const rss = pipelineServices.map((s) => `${s} ${median(done.memory.get(s)!.rss).toFixed(0)}`).join(', ');
      progress(
        `soak: interval ${intervals.length}: p99 ${quantile(done.latencies, 0.99).toFixed(1)} ms over ` +
          `${done.latencies.length} calls, ${done.refused} refused, ${done.failures} failed; RSS MB ${rss}`,
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

  const warm = intervals[1]!;
  const last = intervals.at(-1)!.latencies.length > 0 ? intervals.at(-1)! : intervals.at(-2)!;
  let growth = 0;
  let heapGrowth = 0;
  for (const service of pipelineServices) {
    const [from, to] = [warm.memory.get(service)!, last.memory.get(service)!];
    const rss = median(to.rss) - median(from.rss);
    const heap = median(to.heap) - median(from.heap);
    progress(
      `soak: ${service} RSS ${median(from.rss).toFixed(0)} → ${median(to.rss).toFixed(0)} MB, heap ${heap.toFixed(1)} MB`,
    );
    growth += rss;
    heapGrowth += heap;
  }
  const p99s = intervals.slice(1).map((i) => quantile(i.latencies, 0.99));
  printBench('soak_memory_growth', growth, 'MB', 0);
  printBench('soak_heap_growth', heapGrowth, 'MB', 0);
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
