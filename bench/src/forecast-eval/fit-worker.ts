// Worker of the forecasting bench: fits, backtests and forecasts its share of the series.
import { parentPort, workerData } from 'node:worker_threads';
import { autoForecast, fastOptions, seasonalNaive } from '@demand/forecasting';
import { DAYS } from './synthetic-daily.js';

interface Job {
  buffer: SharedArrayBuffer;
  from: number;
  to: number;
  h: number;
  naiveOnly: boolean;
}

const { buffer, from, to, h, naiveOnly } = workerData as Job;
const all = new Float64Array(buffer);
const methods = new Map<string, number>();
let checksum = 0;
for (let s = from; s < to; s++) {
  const y = Array.from(all.subarray(s * DAYS, (s + 1) * DAYS));
  const options = naiveOnly
    ? { period: 7, h, methods: [seasonalNaive], combinations: [], origins: 1 }
    : fastOptions(y, 7, h);
  const result = autoForecast(y, options);
  methods.set(result.method, (methods.get(result.method) ?? 0) + 1);
  checksum += result.forecast.mean[0]!;
}
parentPort!.postMessage({ methods: [...methods], checksum });
