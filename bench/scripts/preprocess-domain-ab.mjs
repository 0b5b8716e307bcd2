// The preprocessor's domain path without Kafka, for A/B runs of two builds in one process (not part of
// `make bench`): the `preprocess` bench's 100k shop events as the collector writes them (EventBatch records
// of PER events, default 200), each record decoded, cleaned by `preprocess()` (every rule, fresh state per
// round) and encoded as one CleanEventBatch. Process CPU per event (GC threads included) per round, the
// builds alternated round by round (BY=record: record by record, each build with its own state, so a load
// that changes over seconds falls on both alike; the order flipped every other round or record), ROUNDS rounds
// (8) after 2 of warm-up (every build's state stays alive through its round; by round, a collection runs
// before each build's records), with the medians of the CPU spent in decode / preprocess / encode (a collection is
// charged to the step it interrupted), and each later build's per-round ratio to the first.
//   [SHAPE=import] [PER=1000] node --expose-gc bench/scripts/preprocess-domain-ab.mjs <old services/preprocessor/dist copy> [<new> …]
// A copy of an old build goes under services/preprocessor/node_modules/ (ignored; its imports resolve there).
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dirs = process.argv.slice(2);
if (dirs.length === 0) dirs.push(`${root}services/preprocessor/dist`);
const { Topics } = await import(`${root}libs/contracts/dist/src/index.js`);
const { createShop } = await import(`${root}libs/testkit/dist/src/index.js`);
const { PseudonymKey } = await import(`${root}libs/pseudonyms/dist/src/index.js`);
const { defaultEventLimits } = await import(`${root}libs/event-validation/dist/src/index.js`);
const { median } = await import(`${root}bench/dist/src/report.js`);

const builds = [];
for (const dir of dirs) {
  builds.push({
    name: dir,
    domain: await import(`${dir}/src/domain/preprocess.js`),
    state: await import(`${dir}/src/domain/preprocess-state.js`),
    bots: await import(`${dir}/src/domain/bot-detector.js`),
    currency: await import(`${dir}/src/domain/currency.js`),
  });
}
// SHAPE=import: the `pipeline` bench's import instead (its shop, 20,000 users, backfill-marked history; PER=1000
// then matches the import's raw records).
const imported = process.env.SHAPE === 'import';
const shop = imported
  ? createShop({ seed: 13, users: 20_000, items: 2000, startDay: '2026-06-01' })
  : createShop({ seed: 11, users: 5000, items: 500, startDay: '2026-09-01' });
const run = imported
  ? shop.generateEvents({ maxEvents: 100_000, runId: 'history' })
  : shop.generateEvents({ maxEvents: 100_000, runId: 'bench', bots: { sessionRate: 0.02 } });
const received = new Date(imported ? '2026-12-06T00:00:00Z' : '2026-09-05T00:00:00Z');
const events = [...run].map((e) => ({ ...e, receivedAt: e.receivedAt ?? received, backfill: e.backfill || imported }));
const items = shop.itemUpsertEvents().flatMap((e) => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
const per = Number(process.env.PER ?? 200);
const records = [];
for (let i = 0; i < events.length; i += per) records.push(Topics.eventsRaw.batched.encode(events.slice(i, i + per)));
const key = new PseudonymKey(Buffer.alloc(32, 7));
const rounds = Number(process.env.ROUNDS ?? 8);
const cpu = builds.map(() => []);
const parts = builds.map(() => []);

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const byRecord = process.env.BY === 'record';

for (let round = -2; round < rounds; round++) {
  const runs = builds.map((build) => {
    const { table } = build.currency.parseCurrencyTable('CNY', 'USD=7.1,EUR=7.7,GBP=9.0,HKD=0.91,JPY=0.047');
    const rules = { limits: defaultEventLimits, currency: table, lateAfterMs: 86_400_000 };
    const state = build.state.createPreprocessState({
      key,
      dedupWindow: 1_000_000,
      bots: build.bots.defaultBotRuleSettings,
      maxTextLength: 10_000,
    });
    state.learnItems(items);
    return { build, rules, state, now: new Date(), steps: [0, 0, 0] };
  });
  globalThis.gc?.();
  const step = (run, record) => {
    const t0 = cpuNow();
    const raw = Topics.eventsRaw.batched.decode(record);
    const t1 = cpuNow();
    const result = run.build.domain.preprocess(raw, run.rules, run.state, run.now);
    result.commit();
    const t2 = cpuNow();
    Topics.eventsClean.batched.encode(result.clean);
    const t3 = cpuNow();
    run.steps[0] += t1 - t0;
    run.steps[1] += t2 - t1;
    run.steps[2] += t3 - t2;
  };
  // Order flipped every other round (BY=record: every other record): neither build always runs right after the other.
  const orderAt = (k) => (k % 2 === 0 ? [...builds.keys()] : [...builds.keys()].reverse());
  if (byRecord) {
    records.forEach((record, i) => {
      for (const b of orderAt(i + round)) step(runs[b], record);
    });
  } else {
    // Both builds' states are alive: collect before each build's records, or the second pays for the first's garbage.
    for (const b of orderAt(round)) {
      globalThis.gc?.();
      for (const record of records) step(runs[b], record);
    }
  }
  if (round < 0) continue;
  for (const [b, run] of runs.entries()) {
    const used = run.steps[0] + run.steps[1] + run.steps[2];
    cpu[b].push(used / events.length);
    parts[b].push(run.steps.map((us) => us / events.length));
  }
}

for (const [b, build] of builds.entries()) {
  const split = [0, 1, 2].map((k) => median(parts[b].map((p) => p[k])).toFixed(2)).join(' / ');
  console.log(
    `${build.name}: CPU µs per event median ${median(cpu[b]).toFixed(3)}, min ${Math.min(...cpu[b]).toFixed(3)}` +
      ` (${cpu[b].map((x) => x.toFixed(2)).join(' ')}); decode / preprocess / encode ${split}`,
  );
}
// The decode and encode are the same code in both builds: the preprocess step's own ratio is the sharper one.
const ratioLine = (label, ratios) =>
  `  ${label}: ${ratios.map((x) => x.toFixed(3)).join(' ')}; median ${median(ratios).toFixed(3)},` +
  ` lower in ${ratios.filter((x) => x < 1).length} of ${ratios.length}`;
for (let b = 1; b < builds.length; b++) {
  console.log(`${builds[b].name} / ${builds[0].name} per round`);
  console.log(
    ratioLine(
      'whole path',
      cpu[b].map((x, r) => x / cpu[0][r]),
    ),
  );
  console.log(
    ratioLine(
      'preprocess step',
      parts[b].map((p, r) => p[1] / parts[0][r][1]),
    ),
  );
}
