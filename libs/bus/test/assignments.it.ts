import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { ConsumerSpec } from '../src/index.js';
import { startKafkaFixture, type KafkaFixture } from './kafka-fixture.js';
import { eventually, testTopic } from './support.js';

type FixtureBus = ReturnType<KafkaFixture['newBus']>;

const shared = testTopic('it.assigned.v1', 4);
let fixture: KafkaFixture;

beforeAll(async () => {
  fixture = await startKafkaFixture([shared], 1);
});

afterAll(() => fixture.close());

test('watchAssignments tells each member the partitions it holds after every join, a rebalance included', async () => {
  const first = fixture.newBus();
  const seen: number[][][] = [[], []];
  const consumer = { groupId: 'assigned', topic: shared };
  first.watchAssignments(consumer, (partitions) => seen[0]!.push([...partitions].sort()));
  const handle = async () => undefined;

  await first.subscribe({ ...consumer, handle });
  assert.deepEqual(seen[0], [[0, 1, 2, 3]], 'the only member holds every partition');
  let stopWatching = () => {};
  const second = await joinedDespiteMockSync(
    () => fixture.newBus(),
    { ...consumer, handle },
    (bus) => {
      stopWatching = bus.watchAssignments(consumer, (partitions) => seen[1]!.push([...partitions].sort()));
      bus.watchAssignments({ groupId: 'other', topic: shared }, () => assert.fail('another group was not joined'));
    },
  );
  const [held1, held2] = await eventually('both members hold partitions', () => {
    const [a, b] = [seen[0]!.at(-1)!, seen[1]!.at(-1)];
    return b && a.length > 0 && b.length > 0 && a.length + b.length === 4 ? [a, b] : undefined;
  });
  assert.deepEqual([...held1, ...held2].sort(), [0, 1, 2, 3], 'the partitions are split between them');
  stopWatching();
  const calls = [seen[0]!.length, seen[1]!.length];
  // a rebalance that the second member, still in the group, takes part in
  const third = await joinedDespiteMockSync(() => fixture.newBus(), { ...consumer, handle });
  await eventually('the first member is told of the rebalance', () => (seen[0]!.length > calls[0]! ? true : undefined));
  assert.equal(seen[1]!.length, calls[1], 'no calls after the watch was stopped');
  await Promise.all([second.close(), third.close()]);
  await eventually('the first member holds every partition again', () =>
    seen[0]!.at(-1)!.length === 4 ? true : undefined,
  );
}, 90_000);

/**
 * Subscribes a new member. librdkafka's mock broker answers a member's SyncGroup with INVALID_REQUEST when the
 * leader's SyncGroup, carrying every assignment, came first (its group is already UP; a real broker returns the
 * member's assignment), which a loaded machine's scheduling makes happen now and then: a second member joins then.
 * `watch` registers the test's assignment listeners on each bus before it subscribes.
 */
async function joinedDespiteMockSync<T>(
  newBus: () => FixtureBus,
  spec: ConsumerSpec<T>,
  watch: (bus: FixtureBus) => void = () => undefined,
): Promise<FixtureBus> {
  const bus = newBus();
  watch(bus);
  try {
    await bus.subscribe(spec);
    return bus;
  } catch (error) {
    await bus.close();
    if (!/request being malformed/.test(String((error as { cause?: unknown }).cause))) throw error;
    const again = newBus();
    watch(again);
    await again.subscribe(spec);
    return again;
  }
}
