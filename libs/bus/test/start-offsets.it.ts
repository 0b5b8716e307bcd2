import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { startKafkaFixture, type KafkaFixture } from './kafka-fixture.js';
import { eventually, testTopic, viewEvent } from './support.js';

const topic = testTopic('it.start-offsets.v1', 1);
let fixture: KafkaFixture;

beforeAll(async () => {
  fixture = await startKafkaFixture([topic], 1);
  const bus = fixture.newBus();
  for (const id of ['a', 'b', 'c', 'd', 'e']) await bus.publish(topic, [viewEvent(id)]); // offsets 0..4
  await bus.close();
});

afterAll(() => fixture.close());

test('startOffsets: a member starts each named partition there, whatever fromBeginning says', async () => {
  const bus = fixture.newBus();
  const handled: string[] = [];
  await bus.subscribe({
    groupId: 'start-at-3',
    topic,
    fromBeginning: true,
    startOffsets: [{ partition: 0, offset: '3' }],
    handle: async (batch) => void handled.push(...batch.map((r) => r.value.eventId)),
  });
  await bus.publish(topic, [viewEvent('f')]);
  await eventually('d, e and f', () => (handled.length >= 3 ? true : undefined));
  assert.deepEqual(handled, ['d', 'e', 'f']);
  await bus.close();
}, 30_000);

test('follow(since) reads from each partition’s start on a broker that ignores timestamps (this mock answers the end)', async () => {
  const [atZero] = await fixture.admin.fetchTopicOffsetsByTimestamp(topic.name, 0);
  assert.equal(atZero?.offset, '6', 'the local broker answers the end for time 0: it ignores timestamps');
  const bus = fixture.newBus();
  const handled: string[] = [];
  await bus.follow({
    topic,
    groupPrefix: 'since-now',
    since: Date.now(),
    handle: async (batch) => void handled.push(...batch.map((r) => r.value.eventId)),
  });
  // follow resolves once caught up: everything there is read, the caller drops what is older than `since`.
  assert.deepEqual(handled, ['a', 'b', 'c', 'd', 'e', 'f']);
  const warned = bus.logger.lines.filter((l) => l.level === 'warn' && l.fields.topic === topic.name);
  assert.deepEqual(
    warned.map((l) => l.fields.partitions),
    [[0]],
    'the partitions read from their start are named',
  );
  await bus.close();
}, 30_000);

test('a follow’s group is deleted once it stops (this broker cannot: the attempt is logged, the stop succeeds)', async () => {
  const bus = fixture.newBus();
  const subscription = await bus.follow({ topic, groupPrefix: 'gone-after', handle: async () => undefined });
  assert.equal(bus.logger.lines.length, 0);
  const infos: unknown[][] = [];
  const info = bus.logger.info;
  bus.logger.info = (fields, message) => {
    infos.push([fields.groupId, message]);
    info(fields, message);
  };
  await subscription.stop();
  // A broker with DeleteGroups (every Kafka since 1.1) deletes it; the local one answers that it does not support
  // it, which is said once at info level (not a warning on every shutdown of local mode).
  assert.deepEqual(
    infos.filter(([groupId, message]) => groupId === subscription.groupId && /delete/.test(String(message))),
    [[subscription.groupId, 'the broker cannot delete groups: a stopped follow’s group expires']],
  );
  assert.deepEqual(
    bus.logger.lines.filter((l) => l.fields.groupId === subscription.groupId),
    [],
  );
  await bus.close();
}, 30_000);
