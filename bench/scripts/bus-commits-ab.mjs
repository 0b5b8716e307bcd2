// The preprocessor's consume path on the local broker, two builds of libs/bus in one process, not part of `make
// bench`: the old bus without deferredCommit (84c0b32: one awaited commit per partition batch) against the new one
// with it (one commit per fetch), alternated round by round. Handler: the batches handed over before the next turn
// resolve together (as JoinedBatches does). CPU of the whole process from the first batch to every offset
// committed, per batch. ROUNDS (6) rounds, FETCHES (300) fetches of 8 partitions a round.
//   node bench/scripts/bus-commits-ab.mjs <old checkout, built> <new checkout, built>
// (docs/benchmarks.md, "`preprocess`, eighth pass", ran it as /tmp/buscmp/bus-commits.mjs with these two paths fixed.)
import { createRequire } from 'node:module';
const [OLD, NEW] = process.argv.slice(2);
if (!OLD || !NEW) throw new Error('usage: bus-commits-ab.mjs <old checkout> <new checkout>');
const req = createRequire(`${NEW}/libs/bus/package.json`);
const { Registry } = req('prom-client');
const { Kafka, logLevel } = req('kafkajs');
const buses = {
  old: await import(`${OLD}/libs/bus/dist/src/index.js`),
  new: await import(`${NEW}/libs/bus/dist/src/index.js`),
};
const { startLocalBroker } = await import(`${NEW}/libs/kafka-broker/dist/src/index.js`);
const { Topics, Event } = await import(`${NEW}/libs/contracts/dist/src/index.js`);

const ROUNDS = Number(process.env.ROUNDS ?? 6);
const FETCHES = Number(process.env.FETCHES ?? 300);
const topic = { ...Topics.eventsRaw, name: 'bench.commits.v1', dlq: 'bench.commits.v1.dlq' };
const broker = await startLocalBroker({
  brokers: 1,
  topics: [
    { name: topic.name, partitions: 8 },
    { name: topic.dlq, partitions: 1 },
  ],
});
const noop = () => undefined;
const logger = { debug: noop, info: noop, warn: noop, error: (f, m) => console.error(m, f) };
const busOptions = (registry) => ({
  clientId: 'bench-commits',
  brokers: broker.bootstrapServers,
  logger,
  metricsRegistry: registry,
  topicProvisioner: broker,
  consumer: { partitionsConsumedConcurrently: 8 },
});
const kafka = new Kafka({ clientId: 'bench-admin', brokers: broker.bootstrapServers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();

// FETCHES separate publishes of 8 x 16 events (128 users): each publish is one producer batch per partition.
const filler = new buses.new.KafkaEventBus(busOptions(new Registry()));
const at = new Date('2026-12-06T09:00:00Z');
for (let f = 0; f < FETCHES; f++) {
  const events = Array.from({ length: 128 }, (_, u) =>
    Event.fromPartial({
      eventId: `e-${f}-${u}`,
      userId: `u-${u}`,
      sessionId: 's',
      occurredAt: at,
      receivedAt: at,
      source: 'web',
      payload: { $case: 'view', view: { itemId: 'i-1', surface: 'detail', dwellMs: 1000 } },
    }),
  );
  await filler.publish(topic, events, { batched: true });
}
await filler.close();
const ends = await admin.fetchTopicOffsets(topic.name);
const total = ends.reduce((n, p) => n + Number(p.high), 0);
console.log(`filled: ${total} records over ${ends.length} partitions`);

async function committedAll(groupId) {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
  return t.partitions.every((p) => Number(p.offset) === Number(ends.find((e) => e.partition === p.partition).high));
}

async function round(which, r) {
  const registry = new Registry();
  const bus = new buses[which].KafkaEventBus(busOptions(registry));
  let waiting = [];
  let records = 0,
    batches = 0,
    cpu0;
  const done = Promise.withResolvers();
  const handle = (batch) =>
    new Promise((resolve) => {
      cpu0 ??= process.cpuUsage();
      records += batch.length;
      batches += 1;
      waiting.push(resolve);
      if (waiting.length === 1)
        setImmediate(() => {
          const w = waiting;
          waiting = [];
          for (const f of w) f();
          if (records === FETCHES * 128) done.resolve();
        });
    });
  const groupId = `g-${which}-${r}`;
  await bus.subscribe({
    groupId,
    topic,
    fromBeginning: true,
    handle,
    ...(which === 'new' ? { deferredCommit: {} } : {}),
  });
  await done.promise;
  while (!(await committedAll(groupId))) await new Promise((res) => setTimeout(res, 20));
  const cpu = process.cpuUsage(cpu0);
  const commits = (await registry.getSingleMetric('bus_offset_commits_total')?.get())?.values[0]?.value ?? 'n/a';
  await bus.close();
  return { which, batches, us: (cpu.user + cpu.system) / batches, commits };
}

const results = { old: [], new: [] };
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
  for (const which of order) {
    const res = await round(which, r);
    console.log(
      `round ${r} ${which}: ${res.batches} batches, ${res.us.toFixed(1)} µs CPU a batch, commits ${res.commits}`,
    );
    if (r > 0) results[which].push(res.us);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratios = results.new.map((n, i) => n / results.old[i]);
console.log(
  `median µs a batch: old ${median(results.old).toFixed(1)}, new ${median(results.new).toFixed(1)}; new/old per round ${ratios.map((x) => x.toFixed(2)).join(' ')}, median ${median(ratios).toFixed(2)}`,
);
await admin.disconnect();
await broker.stop();
