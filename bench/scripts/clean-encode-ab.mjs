// The clean topic's batched encode (`Topics.eventsClean.batched.encode`, libs/contracts) of two builds of
// libs/contracts alternately in one process (not part of `make bench`): the `pipeline` bench's import events
// (its shop, backfill-marked, `received_at` stamped) with pseudonymised user ids (33 characters, as the
// preprocessor writes them), in records of PER (1000: an import's joined pass of 8000 events over 8 partitions).
// Builds alternated record by record, the order flipped every other record; ROUNDS rounds (8) after 2 of
// warm-up; process CPU per event (GC threads included); both builds' bytes compared on every record.
//   node --expose-gc bench/scripts/clean-encode-ab.mjs <old libs/contracts/dist> <new libs/contracts/dist>
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dirs = process.argv.slice(2);
if (dirs.length !== 2) throw new Error('usage: clean-encode-ab.mjs <old contracts dist> <new contracts dist>');
const builds = [];
for (const dir of dirs) builds.push({ name: dir, contracts: await import(`${dir}/src/index.js`), cpu: [] });
const { createShop } = await import(`${root}libs/testkit/dist/src/index.js`);
const { median } = await import(`${root}bench/dist/src/report.js`);

const shop = createShop({ seed: 13, users: 20_000, items: 2000, startDay: '2026-06-01' });
const received = new Date('2026-12-06T00:00:00.123Z');
const pseudonym = (id) => `p${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
const clean = [...shop.generateEvents({ maxEvents: 100_000, runId: 'history' })].map((e) => ({
  event: { ...e, userId: pseudonym(e.userId), receivedAt: received, backfill: true },
  flags: [],
  schemaVersion: 2,
}));
const per = Number(process.env.PER ?? 1000);
const records = [];
for (let i = 0; i < clean.length; i += per) records.push(clean.slice(i, i + per));
const rounds = Number(process.env.ROUNDS ?? 8);
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

for (let round = -2; round < rounds; round++) {
  globalThis.gc?.();
  const used = [0, 0];
  records.forEach((record, i) => {
    const bytes = [];
    for (const b of (i + round) % 2 === 0 ? [0, 1] : [1, 0]) {
      const before = cpuNow();
      bytes[b] = builds[b].contracts.Topics.eventsClean.batched.encode(record);
      used[b] += cpuNow() - before;
    }
    if (Buffer.compare(bytes[0], bytes[1]) !== 0) throw new Error(`record ${i}: the builds' bytes differ`);
  });
  if (round >= 0) for (const b of [0, 1]) builds[b].cpu.push((1000 * used[b]) / clean.length);
}
for (const build of builds) {
  const list = build.cpu;
  console.log(
    `${build.name}: median ${median(list).toFixed(0)} ns an event (${list.map((x) => x.toFixed(0)).join(' ')})`,
  );
}
const ratios = builds[1].cpu.map((x, r) => x / builds[0].cpu[r]);
console.log(
  `new/old per round: ${ratios.map((x) => x.toFixed(3)).join(' ')}; median ${median(ratios).toFixed(3)},` +
    ` lower in ${ratios.filter((x) => x < 1).length} of ${ratios.length}`,
);
