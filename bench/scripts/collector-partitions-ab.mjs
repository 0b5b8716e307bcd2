// The collector's write path for `./demand import`-sized calls, two builds in one process, not part of `make bench`:
// each build's LingeringRawEventSink (10 ms linger, 1000 events a partition, the defaults) over its BusRawEventSink
// over a bus whose publish builds the batched records with that build's `batchedRecords` (and sends nothing), the
// same events (the pipeline bench's shop: seed 13, 20,000 users) as received bytes, CALL events a call (8000, as the
// import sends), 4 calls in flight. Arms alternate, the order flipped every other round; ROUNDS rounds (12) of EVENTS
// events (80,000) after one warm-up round per arm. Prints per arm the process's CPU µs per event (process.cpuUsage,
// idle linger waits not counted): median, min and max of the rounds, and the paired differences' median.
//   node bench/scripts/collector-partitions-ab.mjs <old repository root> <new repository root>
import path from 'node:path';
import { Event } from '@demand/contracts';
import { createShop } from '@demand/testkit';

const roots = process.argv.slice(2).map((dir) => path.resolve(dir));
if (roots.length !== 2) throw new Error('usage: collector-partitions-ab.mjs <old root> <new root>');
const rounds = Number(process.env.ROUNDS ?? 12);
const eventCount = Number(process.env.EVENTS ?? 80_000);
const callSize = Number(process.env.CALL ?? 8000);
const inFlight = 4;

async function arm(root) {
  const { LingeringRawEventSink } = await import(`${root}/services/collector/dist/src/domain/lingering-sink.js`);
  const { BusRawEventSink, rawPartitionOf } = await import(
    `${root}/services/collector/dist/src/adapters/bus-raw-event-sink.adapter.js`
  );
  const { batchedRecords } = await import(`${root}/libs/bus/dist/src/record-forms.js`);
  const { Topics } = await import(`${root}/libs/contracts/dist/src/index.js`);
  let records = 0;
  const bus = {
    async publish(topic, messages, options) {
      records += batchedRecords(topic, topic.batched, messages, {}, options.encodedParts, options.partitions).length;
    },
  };
  const sink = new LingeringRawEventSink(new BusRawEventSink(bus), {
    lingerMs: 10,
    maxEventsPerRecord: 1000,
    partitionOf: rawPartitionOf,
    partitions: Topics.eventsRaw.partitions,
  });
  return { sink, records: () => records };
}

const shop = createShop({ seed: 13, users: 20_000, items: 2000, startDay: '2026-06-01' });
const events = [...shop.generateEvents({ maxEvents: eventCount, runId: 'partitionsab' })];
const received = events.map((event) => Event.encode(event).finish());
const calls = [];
for (let i = 0; i < events.length; i += callSize) {
  calls.push({ events: events.slice(i, i + callSize), received: received.slice(i, i + callSize) });
}

/** CPU µs per event of one round: the calls written through `sink`, `inFlight` at a time, each stamped as received. */
async function round(sink) {
  const at = new Date();
  for (const call of calls) for (const event of call.events) event.receivedAt = at;
  const started = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const call = calls[next++];
      await sink.write(call.events, call.received);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const used = process.cpuUsage(started);
  return (used.user + used.system) / events.length;
}

const arms = await Promise.all(roots.map(arm));
for (const a of arms) await round(a.sink);
const perArm = arms.map(() => []);
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? [0, 1] : [1, 0];
  for (const i of order) perArm[i].push(await round(arms[i].sink));
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f = (x) => x.toFixed(3);
roots.forEach((root, i) => {
  const xs = perArm[i];
  const recordsPerRound = arms[i].records() / (rounds + 1);
  console.log(
    `${root}: CPU µs/event median ${f(median(xs))} (min ${f(Math.min(...xs))}, max ${f(Math.max(...xs))}), ` +
      `${recordsPerRound.toFixed(0)} records a round`,
  );
});
const differences = perArm[1].map((x, r) => x - perArm[0][r]);
console.log(`new - old, paired: median ${f(median(differences))} µs/event over ${rounds} rounds`);
