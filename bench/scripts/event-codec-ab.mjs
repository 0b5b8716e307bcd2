// The event lists' codecs (libs/contracts/src/event-codec.ts) against what they replaced, alternately in one
// process (not part of `make bench`): the `preprocess` bench's 100k shop events as the preprocessor reads them
// (EventBatch records of PER events, default 200, `received_at` stamped; against the generated decoder), as the
// collector reads them (TrackBatch requests of 1000, no `received_at`; against the collector's loop before the
// codec, copied below), the clean topic's CleanEventBatch records decoded (against the generated decoder), and
// those records encoded (against the generated encoder over the same AsciiFastWriter). Process
// CPU per event (GC threads included), ROUNDS rounds (8) after 2 of warm-up, the order flipped every other round.
//   node --expose-gc bench/scripts/event-codec-ab.mjs
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const contracts = await import(`${root}libs/contracts/dist/src/index.js`);
const {
  AsciiFastWriter,
  BinaryReader,
  CleanEventBatch,
  Event,
  EventBatch,
  Topics,
  TrackBatchRequest,
  decodeEventList,
} = contracts;
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

// The collector's TrackBatch decode before the codec (decodeTrackBatchKeepingBytes at b6650b6, its events and
// their received bytes; the request object around them left out, as `decodeEventList(b, [])` leaves it out).
const oldCollectorDecode = (bytes) => {
  const reader = new BinaryReader(bytes);
  const events = [];
  const received = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag !== 10) {
      if ((tag & 7) === 4 || tag === 0) break;
      reader.skip(tag & 7);
      continue;
    }
    const length = reader.uint32();
    const start = reader.pos;
    events.push(Event.decode(reader, length));
    received.push(bytes.subarray(start, reader.pos));
  }
  return events;
};

// [name, records, what the codec replaced (its name, its function), the codec]
const cases = [
  ['EventBatch', raw, 'generated', (b) => EventBatch.decode(b).events, (b) => decodeEventList(b)],
  ['TrackBatch', requests, 'old collector loop', oldCollectorDecode, (b) => decodeEventList(b, [])],
  [
    'CleanEventBatch',
    clean,
    'generated',
    (b) => CleanEventBatch.decode(b).events,
    (b) => Topics.eventsClean.batched.decode(b),
  ],
  [
    'CleanEventBatch encode',
    cleanLists,
    'generated',
    (l) => [encodeGenerated(l), l][1],
    (l) => [Topics.eventsClean.batched.encode(l), l][1],
  ],
];
const rounds = Number(process.env.ROUNDS ?? 8);
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
for (const [name, records, baselineName, baseline, ours] of cases) {
  const times = { baseline: [], ours: [] };
  for (let round = -2; round < rounds; round++) {
    const order = round % 2 === 0 ? ['baseline', 'ours'] : ['ours', 'baseline'];
    for (const which of order) {
      const decode = which === 'baseline' ? baseline : ours;
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
  console.log(`${name}: ${baselineName} ${line(times.baseline)}; ours ${line(times.ours)}`);
}
