// Where the machine's CPU went during a load: the service's threads by name (its main thread, chdb's
// pools, libuv workers, V8 helpers) and the other processes of the bench (the broker, the bench with
// its Node caller), each as a share of a core over the load's wall time. On a 2-core box a thread
// beside the serving one that takes a core for a moment is a stall of the serving thread's answers.
import type { LoadProbe } from './grpc-load-measure.js';
import { cpuByThreadName, procStat, threadCpuSince } from './server-cpu.js';

export interface WatchedProcess {
  name: string;
  pid: number;
}

/** The machine's monotonic clock (a V8 CPU profile's too), seconds. */
const monotonicSeconds = () => (Number(process.hrtime.bigint() / 1000n) / 1e6).toFixed(3);

const percentOfCore = (micros: number, ms: number) => `${((micros / 1000 / ms) * 100).toFixed(0)}%`;

/** CPU by thread name of the process `service` and by process of `others`, over each load. */
export function threadCpuProbe(service: number, others: readonly WatchedProcess[]): LoadProbe {
  const othersCpu = () => others.map(({ pid }) => procStat(`/proc/${pid}/stat`).micros);
  return async () => {
    const started = performance.now();
    const from = monotonicSeconds();
    const threadsBefore = cpuByThreadName(service);
    const othersBefore = othersCpu();
    return async () => {
      const ms = performance.now() - started;
      const threads = threadCpuSince(threadsBefore, cpuByThreadName(service)).map(
        ([name, micros]) => `${name} ${percentOfCore(micros, ms)}`,
      );
      const rest = othersCpu().map((micros, i) => `${others[i]!.name} ${percentOfCore(micros - othersBefore[i]!, ms)}`);
      return (
        `CPU of a core over ${(ms / 1000).toFixed(1)} s (monotonic ${from}–${monotonicSeconds()} s): ` +
        `service threads ${threads.join(', ') || 'none'}; ${rest.join(', ')}`
      );
    };
  };
}

/** Several probes around the same load, their descriptions joined. */
export function probes(...each: readonly LoadProbe[]): LoadProbe {
  return async () => {
    const ends = await Promise.all(each.map((probe) => probe()));
    return async () => (await Promise.all(ends.map((end) => end()))).join('\n        ');
  };
}
