// A V8 CPU profile of one thread (node:inspector's Profiler, taken while the thread serves) split into the stages
// of a served call and the work beside it, and its longest synchronous tasks (runs of samples with no idle sample
// between them). V8's sampler signals the thread every interval; a thread the box has preempted takes the signal
// only when it runs again, so a task's sample count × the interval approximates its CPU, while the sum of its
// samples' time deltas is wall time and includes the preemption.
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The refresh's own code: the domain's refresh files and the segments library (profiles, RFM, segment fits). */
const UPKEEP_FILES = [
  'profile-service',
  'touched-work',
  'touched-refresh',
  'user-histories',
  'profiles',
  'item-profiles',
];
const UPKEEP = new RegExp(`aggregator/dist/src/domain/(${UPKEEP_FILES.join('|')})\\.js|segments/dist`);

/** Stages in the order a frame is tested, the frame nearest the sampled leaf first; the first that matches wins. */
const STAGES: [stage: string, matches: (functionName: string, url: string) => boolean][] = [
  ['idle', (f) => f === '(idle)'],
  ['gc', (f) => f === '(garbage collector)'],
  ['encode (serializer)', (f, u) => f === 'responseSerialize' || (u.includes('contracts') && /encode|finish/.test(f))],
  ['decode', (f, u) => f === 'requestDeserialize' || (u.includes('contracts') && /decode/i.test(f))],
  ['lookup', (f) => f === 'encodedUserProfile'],
  ['call recording (metrics, trace)', (_, u) => /grpc-call\.interceptor|prom-client|@opentelemetry/.test(u)],
  ['Nest + rxjs', (_, u) => /@nestjs|rxjs|grpc-transport\.js/.test(u)],
  ['call guard', (_, u) => u.includes('call-guard')],
  // The controllers, before the domain: the lookup V8 inlines into the direct handler is read, not upkeep.
  ['handler (controller)', (_, u) => /aggregator\/dist\/src\/grpc\/.*controller/.test(u)],
  ['profile upkeep', (_, u) => UPKEEP.test(u)],
  ['bench harness', (_, u) => u.includes('bench/dist')],
  ['grpc-js', (_, u) => u.includes('@grpc/grpc-js')],
  ['http2', (_, u) => u.includes('http2')],
  ['streams, net, timers', (_, u) => /internal\/(streams|stream_base|net|timers)|node:net|node:events/.test(u)],
  ['native (program)', (f) => f === '(program)'],
];

/** Profiles this thread from now; the returned function stops and hands the profile over. */
export async function startCpuProfile(intervalMicros: number): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile as unknown as CpuProfile;
  };
}

export interface Task {
  /** Samples × the interval, ms: about the task's CPU. */
  cpuMs: number;
  wallMs: number;
  /** Its two largest stages by samples, then its three commonest functions of the platform's own code. */
  stages: string;
}

export interface Stages {
  /** Share of the non-idle samples by stage. */
  shares: Map<string, number>;
  busySamples: number;
  /** The longest tasks, longest first. */
  longest: Task[];
  /**
   * The longest tasks by their samples outside GC and the bench's own code, longest first (GC pauses land in
   * whichever task runs; the bench reads h2load's results in a task of its own).
   */
  longestOutsideGc: Task[];
}

export function splitStages(profile: CpuProfile, intervalMicros: number, keep = 5): Stages {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const stageOf = new Map<number, string>();
  const stage = (id: number): string => {
    let found = stageOf.get(id);
    if (found) return found;
    for (let at: number | undefined = id; at !== undefined && !found; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      found = STAGES.find(([, matches]) => matches(functionName, url))?.[0];
    }
    found ??= 'other';
    stageOf.set(id, found);
    return found;
  };
  /** The sampled frame's nearest function in the platform's code (a `dist/` file), else the frame itself. */
  const ownFrame = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      if (url.includes('/dist/') && !url.includes('node_modules'))
        return `${functionName || '(anonymous)'}@${url.slice(url.lastIndexOf('/') + 1)}`;
    }
    return byId.get(id)!.callFrame.functionName;
  };
  const counts = new Map<string, number>();
  const tasks: { samples: number; wallMicros: number; stages: Map<string, number>; frames: Map<string, number> }[] = [];
  let task: (typeof tasks)[number] | undefined;
  for (let i = 0; i < profile.samples.length; i++) {
    const s = stage(profile.samples[i]!);
    if (s === 'idle') {
      if (task) tasks.push(task);
      task = undefined;
      continue;
    }
    counts.set(s, (counts.get(s) ?? 0) + 1);
    task ??= { samples: 0, wallMicros: 0, stages: new Map(), frames: new Map() };
    task.samples++;
    task.wallMicros += profile.timeDeltas[i] ?? 0;
    task.stages.set(s, (task.stages.get(s) ?? 0) + 1);
    const frame = ownFrame(profile.samples[i]!);
    task.frames.set(frame, (task.frames.get(frame) ?? 0) + 1);
  }
  if (task) tasks.push(task);
  const busySamples = [...counts.values()].reduce((a, b) => a + b, 0);
  const shares = new Map([...counts].sort((a, b) => b[1] - a[1]).map(([s, n]) => [s, n / busySamples]));
  const outsideGc = (t: (typeof tasks)[number]) =>
    t.samples - (t.stages.get('gc') ?? 0) - (t.stages.get('bench harness') ?? 0);
  const top = (size: (t: (typeof tasks)[number]) => number): Task[] =>
    [...tasks]
      .sort((a, b) => size(b) - size(a))
      .slice(0, keep)
      .map((t) => ({
        cpuMs: (size(t) * intervalMicros) / 1000,
        wallMs: t.wallMicros / 1000,
        stages: `${commonest(t.stages, 2, t.samples)}; ${commonest(t.frames, 3, t.samples)}`,
      }));
  return { shares, busySamples, longest: top((t) => t.samples), longestOutsideGc: top(outsideGc) };
}

function commonest(counts: Map<string, number>, keep: number, of: number): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, keep)
    .map(([name, n]) => `${name} ${Math.round((100 * n) / of)}%`)
    .join(', ');
}
