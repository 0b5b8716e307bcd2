// The long tasks of a thread's event loop, read from a V8 CPU profile (node --cpu-prof): runs of
// samples with no idle one between them (Node marks the loop's waits `(idle)` while it profiles),
// each with the functions that took most of it. A task of tens of milliseconds on the serving
// thread is a stall every request queued behind it waits out. The profiler samples a thread only
// while it runs, about every sampling interval (taken as the median of the profile's own sample
// gaps), so a task's samples × interval is a lower bound of its CPU time (under load samples come
// late and fewer), and its wall time past that an upper bound of the time it waited for a core:
// tasks are ranked by samples.
//   node bench/dist/src/long-tasks.js <file.cpuprofile> [from-s to-s]
// from/to: a window in seconds of the machine's monotonic clock (process.hrtime, the profile's own
// clock), e.g. a load's as recommend-grpc prints it; without them, the whole profile.
import { readFileSync } from 'node:fs';
import { percentile } from './grpc-load.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface LongTask {
  /** Monotonic clock, µs. */
  start: number;
  /** Wall time, µs. */
  micros: number;
  /** Samples taken in it: × the sampling interval, a lower bound of its CPU time. */
  samples: number;
  /** Where its samples were, by function, the most first. */
  top: [string, number][];
}

const IDLE = '(idle)';

/** Every run of non-idle samples of `profile` that starts within [from, to) (µs of its clock). */
export function tasksOf(profile: CpuProfile, from = 0, to = Number.POSITIVE_INFINITY): LongTask[] {
  const names = new Map(
    profile.nodes.map((n) => {
      const { functionName, url, lineNumber } = n.callFrame;
      const file = url ? ` ${url.slice(url.lastIndexOf('/') + 1)}:${lineNumber + 1}` : '';
      return [n.id, `${functionName || '(anonymous)'}${file}`];
    }),
  );
  const tasks: LongTask[] = [];
  let at = profile.startTime;
  let open: { start: number; micros: number; samples: number; where: Map<string, number> } | undefined;
  const close = () => {
    if (open && open.start >= from && open.start < to)
      tasks.push({ ...open, top: [...open.where].sort((a, b) => b[1] - a[1]) });
    open = undefined;
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i]!;
    at += delta;
    const name = names.get(profile.samples[i]!)!;
    if (name.startsWith(IDLE)) {
      close();
      continue;
    }
    open ??= { start: at - delta, micros: 0, samples: 0, where: new Map() };
    open.micros += delta;
    open.samples++;
    open.where.set(name, (open.where.get(name) ?? 0) + 1);
  }
  close();
  return tasks;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, fromS, toS] = process.argv.slice(2);
  if (!file) throw new Error('usage: long-tasks <file.cpuprofile> [from-s to-s]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const intervalUs = percentile(deltas, 0.5) ?? 0;
  const cpuMs = (t: LongTask) => (t.samples * intervalUs) / 1000;
  const tasks = tasksOf(profile, fromS ? Number(fromS) * 1e6 : 0, toS ? Number(toS) * 1e6 : undefined);
  const cpu = tasks.map(cpuMs).sort((a, b) => a - b);
  const waited = tasks.reduce((sum, t) => sum + Math.max(0, t.micros / 1000 - cpuMs(t)), 0);
  console.log(
    `${tasks.length} tasks (a sample every ${intervalUs.toFixed(0)} µs, the median gap: CPU times are lower bounds), ` +
      `${cpu.reduce((sum, t) => sum + t, 0).toFixed(0)} ms CPU and ${waited.toFixed(0)} ms waiting for a core within ` +
      `them; CPU a task p50 ${percentile(cpu, 0.5)?.toFixed(1)} ms, ` +
      `p99 ${percentile(cpu, 0.99)?.toFixed(1)} ms; > 2 ms CPU: ${cpu.filter((t) => t > 2).length}, ` +
      `> 5 ms: ${cpu.filter((t) => t > 5).length}, > 20 ms: ${cpu.filter((t) => t > 20).length}`,
  );
  for (const task of [...tasks].sort((a, b) => b.samples - a.samples).slice(0, 12)) {
    const where = task.top
      .slice(0, 5)
      .map(([name, samples]) => `${name} ${samples}`)
      .join('; ');
    const [at, wallMs] = [(task.start / 1e6).toFixed(3), (task.micros / 1000).toFixed(1)];
    console.log(`  at ${at} s: ${cpuMs(task).toFixed(1)} ms CPU, ${wallMs} ms wall — samples: ${where}`);
  }
}
