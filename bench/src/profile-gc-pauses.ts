// The GC pauses of the isolate (thread) that calls `recordGcPauses`: one stops every call in flight that
// thread serves, so it sets a tail of that server's latency.
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface GcPause {
  major: boolean;
  ms: number;
}

export interface GcPauseRecorder {
  /** The pauses since the last `take` (or the start), then starts anew. */
  take(): GcPause[];
  stop(): void;
}

export function recordGcPauses(): GcPauseRecorder {
  let pauses: GcPause[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail: { kind: number } })[])
      pauses.push({ major: entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR, ms: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    take() {
      const taken = pauses;
      pauses = [];
      return taken;
    },
    stop: () => observer.disconnect(),
  };
}

/** Count, longest and total of some pauses, the full collections apart. */
export function summarizePauses(pauses: readonly GcPause[]): {
  count: number;
  majors: number;
  longestMs: number;
  longestMajorMs: number;
  totalMs: number;
  over1Ms: number;
} {
  const majors = pauses.filter((p) => p.major);
  return {
    count: pauses.length,
    majors: majors.length,
    longestMs: Math.max(0, ...pauses.map((p) => p.ms)),
    longestMajorMs: Math.max(0, ...majors.map((p) => p.ms)),
    totalMs: pauses.reduce((t, p) => t + p.ms, 0),
    over1Ms: pauses.filter((p) => p.ms > 1).length,
  };
}

/**
 * A forced full collection of this isolate, `times` times: the median CPU it took (µs, every thread of the
 * process, so V8's helpers too; run it while the process is otherwise idle) and the heap in use after it (MB).
 * What one stop-the-world full collection of this heap costs, apart from how busy the box is.
 */
export function fullCollectionCost(times = 5): { cpuMicros: number; heapMb: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const costs: number[] = [];
  for (let i = 0; i < times; i++) {
    const before = process.cpuUsage();
    gc();
    const used = process.cpuUsage(before);
    costs.push(used.user + used.system);
  }
  costs.sort((a, b) => a - b);
  return { cpuMicros: costs[Math.floor(times / 2)]!, heapMb: getHeapStatistics().used_heap_size / 2 ** 20 };
}
