// bench/forecast: fit + backtest + forecast of 10,000 daily series × 2 years with automatic
// selection (the fast profile), across worker threads; the baseline is the same pipeline with
// seasonal naive only, measured in the same run.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { printBench, progress } from './report.js';
import { DAYS, fillDailySeries } from './forecast-eval/synthetic-daily.js';

const SERIES = Number(process.env.FORECAST_BENCH_SERIES ?? 10_000);
const H = 28;
const threads = Math.max(1, Math.min(availableParallelism(), Number(process.env.FORECAST_BENCH_THREADS ?? 2)));

const buffer = new SharedArrayBuffer(SERIES * DAYS * 8);
fillDailySeries(new Float64Array(buffer), SERIES, 12);

async function run(naiveOnly: boolean): Promise<{ seconds: number; methods: Map<string, number> }> {
  const started = performance.now();
  const chunk = Math.ceil(SERIES / threads);
  const results = await Promise.all(
    Array.from({ length: threads }, (_, i) => {
      const worker = new Worker(new URL('./forecast-eval/fit-worker.js', import.meta.url), {
        workerData: { buffer, from: i * chunk, to: Math.min(SERIES, (i + 1) * chunk), h: H, naiveOnly },
      });
      return new Promise<{ methods: [string, number][] }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }).finally(() => worker.terminate());
    }),
  );
  const methods = new Map<string, number>();
  for (const r of results) for (const [m, n] of r.methods) methods.set(m, (methods.get(m) ?? 0) + n);
  return { seconds: (performance.now() - started) / 1000, methods };
}

const naive = await run(true);
progress(
  `forecast: seasonal naive only, ${SERIES} series on ${threads} threads in ${naive.seconds.toFixed(1)} s (${(SERIES / naive.seconds).toFixed(0)} series/s)`,
);
const auto = await run(false);
progress(
  `forecast: automatic selection, ${SERIES} series × ${DAYS} days, h=${H}, in ${auto.seconds.toFixed(1)} s (${(SERIES / auto.seconds).toFixed(0)} series/s); chosen: ${JSON.stringify(Object.fromEntries(auto.methods))}`,
);
printBench('forecast_fit_10k_series', auto.seconds, 's', naive.seconds);
printBench('forecast_fit_series_per_s', SERIES / auto.seconds, 'series/s', SERIES / naive.seconds);
