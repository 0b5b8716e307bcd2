// The event lists' codecs (libs/contracts/src/event-codec.ts) against ts-proto's generated
// ones, alternately in one process (not part of `make bench`): the `preprocess` bench's 100k shop events as the
// preprocessor reads them (EventBatch records of PER events, default 200, `received_at` stamped) and as the
// collector reads them (TrackBatch requests of 1000, no `received_at`), the clean topic's CleanEventBatch
// records decoded, and those records encoded (the generated encoder over the same AsciiFastWriter). Process
// CPU per event (GC threads included), ROUNDS rounds (8) after 2 of warm-up, the order flipped every other round.
//   node --expose-gc bench/scripts/event-codec-ab.mjs
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const contracts = await import(`${root}libs/contracts/dist/src/index.js`);
const { AsciiFastWriter, CleanEventBatch, EventBatch, Topics, TrackBatchRequest, decodeEventList } = contracts;
const { createShop } = await import(`${root}libs/testkit/dist/src/index.js`);
const { median } = await import(`${root}bench/dist/src/report.js`);

const shop = createShop({ seed: 11, users: 5000, items: 500, startDay: '2026-09-01' });
const run = shop.generateEvents({ maxEvents: 100_000, runId: 'bench', bots: { sessionRate: 0.02 } });
const sent = [...run].map((e) => ({ ...e, receivedAt: undefined }));
const received = new Date('2026-09-05T00:00:00.123Z');
const stamped = sent.map((e) => ({ ...e, receivedAt: received }));
const per = Number(process.env.PER ?? 200);
const chunks = (events, size) => {
  const out = [];
  for (let i = 0; i < events.length; i += size) out.push(events.slice(i, i + size));
  return out;
};
const raw = chunks(stamped, per).map((events) => Topics.eventsRaw.batched.encode(events));
const requests = chunks(sent, 1000).map((events) => TrackBatchRequest.encode({ events }).finish());
const cleanLists = chunks(stamped, per).map((events) =>
  events.map((event) => ({ event, flags: [], schemaVersion: 2 })),
);
const clean = cleanLists.map((events) => Topics.eventsClean.batched.encode(events));
const encodeGenerated = (events) => CleanEventBatch.encode({ events }, new AsciiFastWriter()).finish();

const cases = [
  ['EventBatch', raw, (b) => EventBatch.decode(b).events, (b) => decodeEventList(b)],
  ['TrackBatch', requests, (b) => TrackBatchRequest.decode(b).events, (b) => decodeEventList(b, [])],
  ['CleanEventBatch', clean, (b) => CleanEventBatch.decode(b).events, (b) => Topics.eventsClean.batched.decode(b)],
  [
    'CleanEventBatch encode',
    cleanLists,
    (l) => [encodeGenerated(l), l][1],
    (l) => [Topics.eventsClean.batched.encode(l), l][1],
  ],
];
const rounds = Number(process.env.ROUNDS ?? 8);
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
for (const [name, records, generated, ours] of cases) {
  const times = { generated: [], ours: [] };
  for (let round = -2; round < rounds; round++) {
    const order = round % 2 === 0 ? ['generated', 'ours'] : ['ours', 'generated'];
    for (const which of order) {
      const decode = which === 'generated' ? generated : ours;
      globalThis.gc?.();
      const before = cpuNow();
      let n = 0;
      for (const record of records) n += decode(record).length;
      const used = cpuNow() - before;
      if (n !== sent.length) throw new Error(`${name}: decoded ${n} events, not ${sent.length}`);
      if (round >= 0) times[which].push((1000 * used) / n);
    }
  }
  const line = (list) => `median ${median(list).toFixed(0)} ns (${list.map((x) => x.toFixed(0)).join(' ')})`;
  console.log(`${name}: generated ${line(times.generated)}; ours ${line(times.ours)}`);
}
