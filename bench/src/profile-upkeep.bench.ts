// bench/profile-upkeep: how long the aggregator's touched profile refresh holds the thread that serves
// GetUserProfile, and its CPU, at the test shop's 5,000 users and at BENCH_UPKEEP_USERS (200,000: the shop's users
// and short synthetic histories). Each refresh re-reads BENCH_UPKEEP_TOUCHED (500) users' whole histories through
// `ProfileService.refreshTouched` (a source that answers from memory), then rescores the population. Run both ways
// alternately on the same cache, BENCH_UPKEEP_ROUNDS pairs: as now, in slices of a few ms with a turn of the event
// loop between them; and the baseline, "now in one turn + the old pass" (not the old code as such): today's
// refresh whole in one turn, followed by the pass over every user's RFM that `rescore` made until now (`rfmScores`
// of all users, the scores kept in a map; the baseline also keeps today's rescore and cut points, ≈ 1–2 ms). The longest hold is the most main-thread CPU spent between two turns of
// the event loop, seen by a probe that runs at each turn during the refresh (its wall-time gap is printed beside:
// on a busy box, preemption lengthens it); the CPU is the main thread's, for the whole refresh. Last, at the larger
// size, the rescore of a full refresh, which builds the RFM population anew: now in bulk (`RfmPopulation.build`,
// an axis sorted a step), against the build by an add a step it replaced (CPU, both driven as `EventLoopSlices` drives
// them, without the turns of the event loop), and its longest step against the pass over every user's RFM in one
// hold that `rescore` made before (`rfmScores`).
import { type ItemEvent, type Rfm, RfmPopulation, type RfmScores, rfmScores } from '@demand/segments';
import { testShopProfileCache, touchedRefreshService } from './profile-cache.js';
import { alternately, alternateOrder, median, printBench, progress, threadCpuNow } from './report.js';

const SHOP_USERS = 5_000;
const USERS = Number(process.env.BENCH_UPKEEP_USERS ?? 200_000);
const TOUCHED = Number(process.env.BENCH_UPKEEP_TOUCHED ?? 500);
const ROUNDS = Number(process.env.BENCH_UPKEEP_ROUNDS ?? 5);
const DAY = 86_400_000;

const { cache, touched, asOf } = testShopProfileCache(SHOP_USERS, TOUCHED);
const touchedIds = [...touched.userIds!];
const service = (sliceMs: number) => touchedRefreshService(cache, touched, asOf, sliceMs);
const sliced = service(3);
const whole = service(Number.POSITIVE_INFINITY);
/** The scores as the pass before this change kept them: one object a user, set anew every rescore. */
const scoresBefore = new Map<string, RfmScores>();

/** The pass over every user that `ProfileCache.rescore` made before: every user's RFM scored anew. */
function rescoreEveryUser(): void {
  const profiles = cache.allUserProfiles();
  const scores = rfmScores(profiles.map((p) => p.rfm));
  for (let i = 0; i < profiles.length; i++) scoresBefore.set(profiles[i]!.userId, scores[i]!);
}

interface Refresh {
  /** Most main-thread CPU between two turns of the event loop, ms. */
  holdMs: number;
  /** Longest wall time between two turns, ms. */
  gapMs: number;
  cpuMs: number;
}

const threadCpuMs = () => threadCpuNow() / 1000;

/** One touched refresh of the touched users, with a probe at every turn of the event loop meanwhile. */
async function measured(inOneTurnPlusOldPass: boolean): Promise<Refresh> {
  let last = performance.now();
  let lastCpu = threadCpuMs();
  const result = { holdMs: 0, gapMs: 0, cpuMs: 0 };
  const turn = () => {
    const [now, cpu] = [performance.now(), threadCpuMs()];
    result.gapMs = Math.max(result.gapMs, now - last);
    result.holdMs = Math.max(result.holdMs, cpu - lastCpu);
    [last, lastCpu] = [now, cpu];
  };
  let running = true;
  const probe = () => {
    turn();
    if (running) setImmediate(probe);
  };
  setImmediate(probe);
  await new Promise((resolve) => setImmediate(resolve));
  const started = threadCpuMs();
  const refresh = inOneTurnPlusOldPass ? whole : sliced;
  refresh.touch(touchedIds, []);
  await refresh.refreshTouched();
  if (inOneTurnPlusOldPass) rescoreEveryUser();
  result.cpuMs = threadCpuMs() - started;
  running = false;
  turn();
  return result;
}

/** Alternate rounds of both ways; medians per way. */
async function pairs(label: string): Promise<void> {
  await measured(false); // warm-up of both paths
  await measured(true);
  const [oneTurnPlusOldPass, now] = (await alternately(ROUNDS, [true, false], measured)) as [Refresh[], Refresh[]];
  const show = (list: Refresh[]) =>
    list.map((r) => `${r.holdMs.toFixed(1)}/${r.gapMs.toFixed(1)}/${r.cpuMs.toFixed(0)}`).join(' ');
  progress(
    `  ${label}, each round hold CPU/gap wall/refresh CPU ms: now in one turn + the old pass ` +
      `${show(oneTurnPlusOldPass)}; now ${show(now)}`,
  );
  const figure = (name: string, of: (r: Refresh) => number) =>
    printBench(`${name}_${label}`, median(now.map(of)), 'ms', median(oneTurnPlusOldPass.map(of)));
  figure('profile_touched_refresh_longest_hold', (r) => r.holdMs);
  figure('profile_touched_refresh_longest_gap_wall', (r) => r.gapMs);
  figure('profile_touched_refresh_cpu', (r) => r.cpuMs);
}

/** Short synthetic histories (a view, up to three purchases) for users beyond the shop's. */
function syntheticUsers(from: number, to: number): ItemEvent[] {
  const events: ItemEvent[] = [];
  const items = touched.items;
  for (let i = from; i < to; i++) {
    const userId = `synthetic-${i}`;
    const item = items[(i * 7919) % items.length]!;
    events.push({ userId, kind: 'view', itemId: item.itemId, at: asOf - (i % 30) * DAY, sessionId: `${userId}-v` });
    for (let k = 0; k < (i * 31) % 4; k++) {
      const at = asOf - ((i * 13 + k * 5) % 29) * DAY - (i % 86_400) * 1000;
      const unitPrice = item.price ?? 10;
      events.push({ userId, kind: 'purchase', itemId: item.itemId, at, sessionId: `${userId}-${k}`, unitPrice });
    }
  }
  return events;
}

await pairs(`${(cache.userCount / 1000).toFixed(0)}k`);
const built = performance.now();
for (let from = cache.userCount; from < USERS; from += 10_000) {
  const to = Math.min(USERS, from + 10_000);
  cache.applyPage({ items: touched.items, events: syntheticUsers(from, to) }, asOf);
}
cache.rescore();
progress(`profile-upkeep: ${cache.userCount} users in all (${(performance.now() - built).toFixed(0)} ms to add)`);
await pairs(`${(cache.userCount / 1000).toFixed(0)}k`);

/** CPU of a full refresh's population build, now (in bulk) and before (an add a value); the longest step now. */
function rebuilds(label: string): void {
  const values: Rfm[] = cache.allUserProfiles().map((p) => p.rfm);
  /** The rebuild as `RfmScoring.rescore` made it before: an add a step, and a clock read a step as `EventLoopSlices` does. */
  function* addsInSteps(): Generator<void, RfmPopulation> {
    const population = new RfmPopulation();
    for (const rfm of values) {
      yield;
      population.add(rfm);
    }
    return population;
  }
  const byAdds = () => {
    const started = threadCpuMs();
    const steps = addsInSteps();
    let step = steps.next();
    for (; !step.done; step = steps.next()) performance.now();
    step.value.updateCutPoints();
    return threadCpuMs() - started;
  };
  const inBulk = () => {
    const started = threadCpuMs();
    let stepStarted = started;
    let longestStep = 0;
    const steps = RfmPopulation.build(values);
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      performance.now();
      const now = threadCpuMs();
      longestStep = Math.max(longestStep, now - stepStarted);
      stepStarted = now;
    }
    step.value.updateCutPoints();
    const ended = threadCpuMs();
    return { cpuMs: ended - started, longestStepMs: Math.max(longestStep, ended - stepStarted) };
  };
  const onePass = () => {
    const started = threadCpuMs();
    rfmScores(values);
    return threadCpuMs() - started;
  };
  byAdds(); // warm-up
  inBulk();
  onePass();
  const runs = { adds: [] as number[], bulk: [] as { cpuMs: number; longestStepMs: number }[], pass: [] as number[] };
  for (const [, variant] of alternateOrder(ROUNDS, 3)) {
    if (variant === 0) runs.adds.push(byAdds());
    else if (variant === 1) runs.bulk.push(inBulk());
    else runs.pass.push(onePass());
  }
  progress(
    `  ${label} rebuild, each round CPU ms: by adds ${runs.adds.map((v) => v.toFixed(0)).join(' ')}; ` +
      `in bulk ${runs.bulk.map((r) => `${r.cpuMs.toFixed(0)} (longest step ${r.longestStepMs.toFixed(1)})`).join(' ')}; ` +
      `one rfmScores pass ${runs.pass.map((v) => v.toFixed(0)).join(' ')}`,
  );
  printBench(`profile_full_rescore_build_cpu_${label}`, median(runs.bulk.map((r) => r.cpuMs)), 'ms', median(runs.adds));
  printBench(
    `profile_full_rescore_longest_step_${label}`,
    median(runs.bulk.map((r) => r.longestStepMs)),
    'ms',
    median(runs.pass),
  );
}

rebuilds(`${(cache.userCount / 1000).toFixed(0)}k`);
