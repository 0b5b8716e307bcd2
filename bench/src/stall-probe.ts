// What the stall recorder (stall-recorder.ts, loaded into the service) saw during a load: the gaps of
// the service's event loop longer than 5 ms, counted by whether the thread was on a CPU for most of the
// gap (its own long task) or not (waiting for a core), with the longest of each, and the time all of them
// spent off a CPU (wall less CPU): what the thread waited for a core.
import { existsSync, readFileSync } from 'node:fs';
import type { LoadProbe } from './grpc-load-measure.js';

export interface Stall {
  /** Monotonic clock, ms. */
  at: number;
  wallMs: number;
  cpuMs: number;
}

/** The recorder's lines (`at wall cpu`) that begin within [from, to) ms. */
export function stallsIn(text: string, from: number, to: number): Stall[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [at, wallMs, cpuMs] = line.split(' ').map(Number) as [number, number, number];
      return { at, wallMs, cpuMs };
    })
    .filter((s) => s.at >= from && s.at < to);
}

const STALL_MS = 5;

/** A stall is the loop's own work when the thread was on a CPU for at least half of it. */
export const ownWork = (s: Stall) => s.cpuMs >= s.wallMs / 2;

/** The gaps over 5 ms in `stalls`, in words. */
export function describeStalls(stalls: readonly Stall[]): string {
  const long = stalls.filter((s) => s.wallMs > STALL_MS);
  const own = long.filter(ownWork);
  const waited = long.filter((s) => !ownWork(s));
  const longest = (list: readonly Stall[], key: 'wallMs' | 'cpuMs') =>
    list.reduce((max, s) => Math.max(max, s[key]), 0).toFixed(1);
  return (
    `event-loop gaps > ${STALL_MS} ms: ${own.length} its own work (longest ${longest(own, 'cpuMs')} ms CPU), ` +
    `${waited.length} mostly waiting for a core (longest ${longest(waited, 'wallMs')} ms); ` +
    `off a CPU in all of them ${long.reduce((sum, s) => sum + Math.max(0, s.wallMs - s.cpuMs), 0).toFixed(0)} ms`
  );
}

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Reads the stall recorder's file around each load. */
export function stallProbe(file: string): LoadProbe {
  return async () => {
    const from = monotonicMs();
    return async () => {
      const to = monotonicMs();
      // The recorder creates its file when it starts: none means it is not running, not that there were no gaps.
      if (!existsSync(file)) throw new Error(`no stall record ${file}: was the service started with the recorder?`);
      return describeStalls(stallsIn(readFileSync(file, 'utf8'), from, to));
    };
  };
}
