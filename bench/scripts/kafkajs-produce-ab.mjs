// The producer's CPU per event for two copies of kafkajs (say the old and the new patch) in one process, not part
// of `make bench`: the same batched records sent to the local broker (acks from all replicas), the copies
// alternated round by round (the order flipped every other round), ROUNDS rounds (8) after one of warm-up, SENDS
// sends (300) a round. SHAPE `collector` (8 records of 11 kB a send, 128 events each, as the collector writes
// 1000-event calls) or `preprocessor` (16 records of 4.6 kB, 30 events each, as it writes events.clean.v1).
// Process CPU; the broker runs in its own process.
//   node bench/scripts/kafkajs-produce-ab.mjs <old kafkajs package dir> <new kafkajs package dir>
// The new dir: libs/bus/node_modules/kafkajs (patched at install). An old one, here with the patch of 25f204c:
//   cp -rL libs/bus/node_modules/kafkajs /tmp/old-kafkajs
//   (cd /tmp/old-kafkajs && patch -R -p1) < patches/kafkajs@2.2.4.patch      # stock kafkajs 2.2.4
//   git show 25f204c:patches/kafkajs@2.2.4.patch | (cd /tmp/old-kafkajs && patch -p1)
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { startLocalBroker } = await import('@demand/kafka-broker');
const { median } = await import('../dist/src/report.js');

const copies = process.argv.slice(2).map((dir) => require(resolve(dir)));
if (copies.length !== 2) throw new Error('usage: kafkajs-produce-ab.mjs <old kafkajs dir> <new kafkajs dir>');
const shapes = {
  collector: { records: 8, size: 11_000, events: 128 },
  preprocessor: { records: 16, size: 4_600, events: 30 },
};
const shapeName = process.env.SHAPE ?? 'collector';
if (!Object.hasOwn(shapes, shapeName))
  throw new Error(`SHAPE is ${JSON.stringify(shapeName)}, not one of: ${Object.keys(shapes).join(', ')}`);
const shape = shapes[shapeName];
const sends = Number(process.env.SENDS ?? 300);
const rounds = Number(process.env.ROUNDS ?? 8);

const broker = await startLocalBroker({ brokers: 1, topics: [] });
const producers = [];
try {
  const topic = 'ab.produce.v1';
  await broker.createTopics([{ name: topic, partitions: 8 }]);
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    'content-type': 'application/x-protobuf; messageType=demand.v1.EventBatch',
  };
  const values = Array.from({ length: shape.records }, (_, i) => Buffer.alloc(shape.size, i + 1));
  const messages = values.map((value, i) => ({ partition: i % 8, key: `user-${i}`, value, headers }));
  for (const { Kafka } of copies) {
    const producer = new Kafka({ clientId: 'produce-ab', brokers: broker.bootstrapServers, logLevel: 0 }).producer();
    producers.push(producer);
    await producer.connect();
  }
  const cpu = [[], []];
  for (let round = -1; round < rounds; round++) {
    for (const b of round % 2 ? [0, 1] : [1, 0]) {
      const before = process.cpuUsage();
      for (let s = 0; s < sends; s++) await producers[b].send({ topic, acks: -1, messages });
      const { user, system } = process.cpuUsage(before);
      if (round >= 0) cpu[b].push((user + system) / (sends * shape.records * shape.events));
    }
  }
  for (const [b, name] of ['old', 'new'].entries()) {
    const runs = cpu[b].map((x) => x.toFixed(2)).join(' ');
    console.log(`${name}: ${median(cpu[b]).toFixed(3)} µs CPU per event (${runs})`);
  }
} finally {
  try {
    await Promise.all(producers.map((producer) => producer.disconnect()));
  } finally {
    await broker.stop();
  }
}
