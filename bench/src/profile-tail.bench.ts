// bench/profile-tail: where GetUserProfile's tail comes from, by figures a busy box changes little. The profile
// benches' server (the Features controller on the platform's Nest transport, this thread) answers the test shop's
// cache at 5,000/s from h2load while a touched refresh of 500 users runs every 2 s through `ProfileService`, in its
// slices, as in the service. Each window twice: unprofiled, for the serving thread's CPU a call, the latency and the
// thread's CPU while a touched refresh runs; then under a V8 CPU profile of this thread, for the CPU split into the
// call's stages (decode, lookup, encode, Nest, call recording, grpc-js, HTTP/2...) and the longest synchronous tasks
// (CPU ≈ samples × interval). Beside the unprofiled run: event-loop delay percentiles and GC pauses (wall time: they
// include the box's preemption). The same server's health check at the same rate first: the box's floor in this run.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetUserProfileRequest } from '@demand/contracts';
import { startCpuProfile, splitStages, type Stages, type Task } from './cpu-profile-stages.js';
import { grpcFrame } from './grpc-load.js';
import { healthTarget, type Measured, measureLoad } from './grpc-load-measure.js';
import { h2loadLoader, type Load, type Loader, type Target } from './grpc-loaders.js';
import { testShopProfileCache, touchedRefreshService } from './profile-cache.js';
import { recordGcPauses, summarizePauses } from './profile-gc-pauses.js';
import { sameAnswers, startProfileServer } from './profile-server.js';
import { median, microseconds, printBench, progress, threadCpuNow } from './report.js';

const USERS = Number(process.env.BENCH_PROFILE_USERS ?? 5_000);
const CALLS = Number(process.env.BENCH_PROFILE_TAIL_CALLS ?? 25_000);
const WINDOWS = Number(process.env.BENCH_PROFILE_TAIL_WINDOWS ?? 2);
const RATE = 5_000;
const TOUCHED = 500;
const REFRESH_MS = 2_000;
const SAMPLE_MICROS = 250;
const GOAL_P99_MS = 1;

const h2load = h2loadLoader(2);
if (!h2load) {
  // The Node caller would share this thread's process and CPU clock with the server it measures.
  progress('profile-tail: skipped, h2load is not installed (Debian nghttp2-client)');
  process.exit(0);
}
const loader: Loader = h2load;
const { cache, userIds, touched, asOf } = testShopProfileCache(USERS, TOUCHED);
const service = touchedRefreshService(cache, touched, asOf);
const server = await startProfileServer(cache);
const target: Target = {
  address: server.address,
  path: '/demand.v1.Features/GetUserProfile',
  frames: userIds.map((_, r) =>
    grpcFrame(GetUserProfileRequest.encode({ userId: userIds[(r * 7919) % userIds.length]! }).finish()),
  ),
};
const atRate: Load = { kind: 'open', rate: RATE, maxInFlight: 32 };
// The serving thread's CPU from a touched refresh's start to its end: the refresh yields between its slices, so the
// reads answered meanwhile are in it too (the refresh's own steps alone: `profile-upkeep`).
const cpuDuringRefreshMs: number[] = [];
let upkeep = true;
const upkeepDone = (async () => {
  while (upkeep) {
    await sleep(REFRESH_MS);
    const started = threadCpuNow();
    service.touch(touched.userIds!, []);
    await service.refreshTouched();
    cpuDuringRefreshMs.push((threadCpuNow() - started) / 1000);
  }
})();

/**
 * A 1 ms timer on this thread, read against the process's CPU clock: the most CPU between two of its turns is about
 * the longest the event loop went without coming back to its timers (a call that arrived meanwhile waited for it),
 * in CPU time, which the box's preemption does not lengthen; also how many such stretches passed 2 ms. The process's
 * clock, not the thread's: on this box the thread's (getrusage) moves in ≈ 4 ms ticks. It also counts V8's GC
 * helper threads (h2load runs in processes of its own), so it reads a little high while they mark.
 */
function loopTurnProbe(): { stop(): { longestMs: number; over2Ms: number } } {
  const processCpuNow = () => microseconds(process.cpuUsage());
  let last = processCpuNow();
  let longest = 0;
  let over2 = 0;
  const timer = setInterval(() => {
    const now = processCpuNow();
    longest = Math.max(longest, now - last);
    if (now - last > 2000) over2++;
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return { longestMs: longest / 1000, over2Ms: over2 };
    },
  };
}

interface Window {
  plain: Measured;
  turns: { longestMs: number; over2Ms: number };
  profiled: Measured;
  stages: Stages;
  eld: { p50: number; p99: number; max: number };
  gc: ReturnType<typeof summarizePauses>;
  refreshes: number;
}

const windows: Window[] = [];
let health: Measured;
try {
  const answers = new Map(userIds.slice(0, 50).map((id) => [id, cache.encodedUserProfile(id)]));
  await sameAnswers(target, answers, [...answers.keys()]);
  await measureLoad(loader, target, { kind: 'closed', callers: 8 }, 5_000);
  health = await measureLoad(loader, healthTarget(server.address, 2), atRate, CALLS);
  for (let w = 0; w < WINDOWS; w++) windows.push(await measureWindow());
} finally {
  upkeep = false;
  await upkeepDone;
  await server.close();
}

async function measureWindow(): Promise<Window> {
  const gc = recordGcPauses();
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const refreshesBefore = cpuDuringRefreshMs.length;
  const probe = loopTurnProbe();
  const plain = await measureLoad(loader, target, atRate, CALLS);
  const turns = probe.stop();
  eld.disable();
  gc.stop();
  const refreshes = cpuDuringRefreshMs.length - refreshesBefore;
  const stop = await startCpuProfile(SAMPLE_MICROS);
  const profiled = await measureLoad(loader, target, atRate, CALLS);
  const stages = splitStages(await stop(), SAMPLE_MICROS);
  const ms = (ns: number) => ns / 1e6;
  return {
    plain,
    turns,
    profiled,
    stages,
    eld: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) },
    gc: summarizePauses(gc.take()),
    refreshes,
  };
}

const f = (n: number, digits = 1) => n.toFixed(digits);
progress(
  `profile-tail: ${CALLS} reads at ${RATE}/s a run, h2load (2 connections); health check at the same rate: ` +
    `p50 ${f(health.p50, 2)} ms, p99 ${f(health.p99, 2)} ms, ${f(health.serverCpuPerCall)} µs a call`,
);
const duringRefreshes = cpuDuringRefreshMs.map((c) => f(c, 0)).join(', ');
progress(`  touched refreshes of ${TOUCHED} users, serving thread CPU during each (ms): ${duringRefreshes}`);
for (const [i, w] of windows.entries()) {
  progress(
    `  window ${i + 1}: ${f(w.plain.rps, 0)} reads/s, p50 ${f(w.plain.p50, 2)} ms, p99 ${f(w.plain.p99, 2)} ms, ` +
      `serving thread CPU a read ${f(w.plain.serverCpuPerCall)} µs (profiled: ${f(w.profiled.serverCpuPerCall)}); ` +
      `${w.refreshes} touched refreshes; longest loop turn ${f(w.turns.longestMs)} ms of CPU (${w.turns.over2Ms} ` +
      `over 2 ms); event-loop delay p50 ${f(w.eld.p50)} / p99 ${f(w.eld.p99)} / max ` +
      `${f(w.eld.max)} ms; GC: ${w.gc.byKind}`,
  );
  const perCall = w.profiled.serverCpuPerCall;
  progress(
    `    profiled CPU a read by stage (µs): ${[...w.stages.shares]
      .map(([stage, share]) => `${stage} ${f(share * perCall)}`)
      .join(', ')}`,
  );
  const tasks = (list: Task[]) => list.map((t) => `${f(t.cpuMs)}/${f(t.wallMs)} (${t.stages})`).join('; ');
  const busy = `no idle sample; CPU ≈ samples × ${SAMPLE_MICROS} µs / wall, ms`;
  progress(`    longest busy stretches (${busy}): ${tasks(w.stages.longest)}`);
  progress(`    longest busy stretches by their CPU outside GC and the bench: ${tasks(w.stages.longestOutsideGc)}`);
}
const med = (of: (w: Window) => number) => median(windows.map(of));
// Baselines: the goal for latencies and task lengths, the same server's health check for the CPU a read.
printBench(
  'profile_tail_read_p99',
  med((w) => w.plain.p99),
  'ms',
  GOAL_P99_MS,
);
printBench('profile_tail_health_p99', health.p99, 'ms', GOAL_P99_MS);
printBench(
  'profile_tail_server_cpu_per_call',
  med((w) => w.plain.serverCpuPerCall),
  'us',
  health.serverCpuPerCall,
);
printBench(
  'profile_tail_longest_loop_turn_cpu',
  med((w) => w.turns.longestMs),
  'ms',
  GOAL_P99_MS,
);
printBench(
  'profile_tail_loop_turns_over_2ms',
  med((w) => w.turns.over2Ms),
  'turns',
  0,
);
printBench(
  'profile_tail_longest_busy_stretch_outside_gc',
  med((w) => w.stages.longestOutsideGc[0]?.cpuMs ?? 0),
  'ms',
  GOAL_P99_MS,
);
// The profiled CPU a read less the touched refreshes', the GC's and the bench's own shares: what a read itself costs.
const besideReads = ['profile upkeep', 'gc', 'bench harness'];
const serving = (w: Window) =>
  w.profiled.serverCpuPerCall * (1 - besideReads.reduce((sum, stage) => sum + (w.stages.shares.get(stage) ?? 0), 0));
printBench('profile_tail_read_cpu_less_upkeep_and_gc', med(serving), 'us', health.serverCpuPerCall);
printBench(
  'profile_tail_event_loop_delay_p99',
  med((w) => w.eld.p99),
  'ms',
  GOAL_P99_MS,
);
printBench(
  'profile_tail_gc_pause_max',
  med((w) => w.gc.longestMs),
  'ms',
  GOAL_P99_MS,
);
// Against the refresh period: a refresh whose thread CPU nears it leaves the thread no time between refreshes.
printBench('profile_tail_cpu_during_touched_refresh', median(cpuDuringRefreshMs), 'ms', REFRESH_MS);
