// The GC pauses of the isolate (thread) that calls `recordGcPauses`: one stops every call in flight that
// thread serves, so it sets a tail of that server's latency.
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cpuMicros } from './report.js';

export interface GcPause {
  kind: 'full' | 'scavenge' | 'incremental' | 'weak callbacks' | 'other';
  ms: number;
}

const kinds: Record<number, GcPause['kind']> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'full',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

export interface GcPauseRecorder {
  /** The pauses since the last `take` (or the start), then starts anew. */
  take(): GcPause[];
  stop(): void;
}

export function recordGcPauses(): GcPauseRecorder {
  let pauses: GcPause[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail: { kind: number } })[])
      pauses.push({ kind: kinds[entry.detail.kind] ?? 'other', ms: entry.duration });
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

/** Longest of some pauses (0 for none), and their count, median and total by kind, as text. */
export function summarizePauses(pauses: readonly GcPause[]): { longestMs: number; byKind: string } {
  const byKind = Map.groupBy(pauses, (p) => p.kind);
  return {
    longestMs: Math.max(0, ...pauses.map((p) => p.ms)),
    byKind: [...byKind]
      .map(([kind, list]) => {
        const ms = list.map((p) => p.ms).sort((a, b) => a - b);
        return (
          `${ms.length} ${kind} (median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)}, longest ` +
          `${ms.at(-1)!.toFixed(1)}, ${ms.reduce((t, m) => t + m, 0).toFixed(0)} ms in all)`
        );
      })
      .join(', '),
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
    const used = cpuMicros();
    gc();
    costs.push(used());
  }
  costs.sort((a, b) => a - b);
  return { cpuMicros: costs[Math.floor(times / 2)]!, heapMb: getHeapStatistics().used_heap_size / 2 ** 20 };
}
