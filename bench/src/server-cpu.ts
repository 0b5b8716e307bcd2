// Where a benchmark reads a server's CPU: this process (a server started in the bench), or a
// service's own process (started as deployed), read from Linux's /proc by its process id.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { microseconds, threadCpuNow } from './report.js';

/** CPU a server has used so far, µs: its serving (main) thread's and its whole process's. */
export interface ServerCpu {
  thread(): number;
  process(): number;
  /** Whether load generators running in this process (threads) are counted in process(). */
  holdsLoaders: boolean;
}

export const thisProcessCpu: ServerCpu = {
  thread: threadCpuNow,
  process: () => microseconds(process.cpuUsage()),
  holdsLoaders: true,
};

let ticksPerSecond: number | undefined;

/** A /proc `stat` file (a process's or a thread's): its command name less trailing digits, and utime + stime, µs. */
export function procStat(file: string): { name: string; micros: number } {
  // Clock ticks of `getconf CLK_TCK` (USER_HZ, 100 on every Linux this project runs on).
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  // The command name (field 2) may hold spaces; fields from the state (3) on follow its ')'.
  const stat = readFileSync(file, 'utf8');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  const name = stat.slice(stat.indexOf('(') + 1, close).replace(/\d+$/, '');
  return { name, micros: ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond };
}

/** The CPU of process `pid` (another process, e.g. a service started as deployed); its main thread's id is `pid`. */
export function processCpu(pid: number): ServerCpu {
  return {
    thread: () => procStat(`/proc/${pid}/task/${pid}/stat`).micros,
    process: () => procStat(`/proc/${pid}/stat`).micros,
    holdsLoaders: false,
  };
}

/**
 * CPU µs per thread name (`comm`: the main thread under the process's own name, chdb's pools, libuv
 * workers, V8 helpers) of process `pid`; `(ended threads)`: the process's total less its live
 * threads' (threads that exited, e.g. a training worker's).
 */
export function cpuByThreadName(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  let live = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { name, micros } = procStat(`/proc/${pid}/task/${tid}/stat`);
      byName.set(name, (byName.get(name) ?? 0) + micros);
      live += micros;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  byName.set('(ended threads)', procStat(`/proc/${pid}/stat`).micros - live);
  return byName;
}

/** Each thread name's CPU between two readings (`cpuByThreadName`'s, any unit): threads that used some, most first. */
export function threadCpuSince(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): [name: string, used: number][] {
  return [...after]
    .map(([name, used]): [string, number] => [name, used - (before.get(name) ?? 0)])
    .filter(([, used]) => used > 0)
    .sort((a, b) => b[1] - a[1]);
}
