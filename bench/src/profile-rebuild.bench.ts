// bench/profile-rebuild: rebuilding user profiles from whole histories, as the aggregator's refresh does
// for each touched user, and predicting their segments. A test-kit shop's users (BENCH_REBUILD_USERS, each
// history cut to its first BENCH_REBUILD_HISTORY events) are profiled in rounds; CPU µs per rebuilt event
// and per predicted user. Baseline: one pass over the same events (`rfmOf` per user, the least a rebuild
// reads). BENCH_REBUILD_COMPARE=<a copy of libs/segments/dist/src/index.js> runs that build's code in the
// same rounds, alternately, and prints its figures beside (old/new comparisons on a shared machine).
import * as current from '@demand/segments';
import { createShop } from '@demand/testkit';
import { cpuMicros, median, printBench, progress } from './report.js';
import { tablesFromStream } from './segments-data.js';

const USERS = Number(process.env.BENCH_REBUILD_USERS ?? 3000);
const HISTORY = Number(process.env.BENCH_REBUILD_HISTORY ?? Number.POSITIVE_INFINITY);
const ROUNDS = Number(process.env.BENCH_REBUILD_ROUNDS ?? 6);
const COMPARE = process.env.BENCH_REBUILD_COMPARE;

type Segments = typeof current;
const builds: [string, Segments][] = [['current', current]];
if (COMPARE) builds.push(['compared', (await import(COMPARE)) as Segments]);

const tables = tablesFromStream(
  createShop({ seed: 311, users: USERS, items: 800 }).generateEvents({ days: 90, includeCatalog: true }),
  32,
);
const users = [...tables.eventsByUser].map(([id, events]) => [id, events.slice(0, HISTORY)] as const);
const events = users.reduce((n, [, list]) => n + list.length, 0);
const lookup = (id: string) => tables.items.get(id);
const asOf = tables.last + 1;
const cut = Number.isFinite(HISTORY) ? `at most ${HISTORY} a user` : 'whole histories';
progress(`profile-rebuild: ${users.length} users, ${events} events (${cut}), ${ROUNDS} rounds`);

const profilesOf = (segments: Segments, prices: current.PriceIndex) =>
  users.map(([id, list]) => segments.buildUserProfile(id, list, lookup, prices, { asOf, halfLifeDays: 120 }));
const fitted = current.SegmentModel.fit(
  profilesOf(current, current.buildPriceIndex(tables.items.values())).slice(0, 2000),
  {
    k: 7,
    seed: 7,
    restarts: 2,
  },
).toJSON();
const runs = builds.map(([name, segments]) => ({
  name,
  segments,
  prices: segments.buildPriceIndex(tables.items.values()),
  model: segments.SegmentModel.fromJSON(fitted),
  rebuild: [] as number[],
  predict: [] as number[],
  pass: [] as number[],
}));
let checksum = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
    const pass = cpuMicros();
    for (const [, list] of users) checksum += run.segments.rfmOf(list, asOf).frequency;
    run.pass.push(pass() / events);
    const rebuild = cpuMicros();
    const profiles = profilesOf(run.segments, run.prices);
    run.rebuild.push(rebuild() / events);
    const predict = cpuMicros();
    for (const p of profiles) checksum += run.model.predict(p);
    run.predict.push(predict() / profiles.length);
  }
}
progress(`profile-rebuild: checksum ${checksum}`);
for (const run of runs) {
  const list = (values: number[]) => values.map((v) => v.toFixed(3)).join(' ');
  progress(`  ${run.name}: rebuild µs/event ${list(run.rebuild)}; predict µs/user ${list(run.predict)}`);
}
const [own, compared] = runs;
printBench('profile_rebuild_cpu_per_event', median(own!.rebuild), 'us', median(own!.pass));
printBench('profile_predict_cpu_per_user', median(own!.predict), 'us', median(own!.rebuild) * (events / users.length));
if (compared) {
  printBench('profile_rebuild_cpu_per_event_vs_compared', median(own!.rebuild), 'us', median(compared.rebuild));
  printBench('profile_predict_cpu_per_user_vs_compared', median(own!.predict), 'us', median(compared.predict));
}
