// Run as a child process by broker-faults.it.ts: kafkajs bugs around stopping a consumer after
// a broker vanished hang or spin the whole process, which only a parent with a timeout can see.
import { Registry } from 'prom-client';
import { startLocalBroker } from '@demand/kafka-broker';
import { KafkaEventBus } from '../src/index.js';
import { delay, testTopic, viewEvent } from './support.js';

const mode = process.argv[2];
const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const topic = testTopic('child.v1', 6);
const broker = await startLocalBroker({
  topics: [
    { name: topic.name, partitions: 6 },
    { name: topic.dlq, partitions: 1 },
  ],
});
for (let p = 0; p < 6; p++) await broker.command(`leader ${topic.name} ${p} ${(p % 3) + 1}`);
const bus = new KafkaEventBus({
  clientId: 'child',
  brokers: broker.bootstrapServers,
  logger: silent,
  metricsRegistry: new Registry(),
  topicProvisioner: broker,
});
await bus.subscribe({ groupId: 'child', topic, fromBeginning: true, handle: async () => undefined });
await bus.publish(topic, [viewEvent('one')]);

if (mode === 'broker-blip') {
  // Close while the consumer rebuilds its fetchers after losing broker 2.
  await broker.command('down 2');
  await delay(20);
  await bus.close();
  await broker.stop();
} else if (mode === 'broker-gone') {
  // Close after the whole cluster died and the consumer began restarting itself.
  await broker.stop();
  await delay(1000);
  await bus.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdout.write('closed\n');
// No process.exit(): the process must end by itself, with nothing of the bus left running.
