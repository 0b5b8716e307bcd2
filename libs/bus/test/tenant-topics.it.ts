import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Event } from '@demand/contracts';
import { type EventBus, KafkaLagProbe } from '../src/index.js';
import { header, recordCount, startKafkaFixture, type KafkaFixture, type RawCollector } from './kafka-fixture.js';
import { eventually, recordingLogger, testTopic, viewEvent } from './support.js';

/** The registry's topic, and tenant shop-a's copy of it as provisioned for that tenant. */
const shared = testTopic('it.tenant.v1', 1);
const ofShopA = testTopic(`shop-a.${shared.name}`, 1);
const shopA = { id: 'shop-a', topicPrefix: 'shop-a.' };
let fixture: KafkaFixture;
let deadLetters: RawCollector;

beforeAll(async () => {
  fixture = await startKafkaFixture([shared, ofShopA], 1);
  deadLetters = await fixture.collect([shared.dlq, ofShopA.dlq]);
});

afterAll(() => fixture.close());

const encoded = (id: string) => Buffer.from(Event.encode(viewEvent(id)).finish());

/** Subscribes `bus` to the registry topic from the beginning; the event ids it handles, as they come. */
async function consumeShared(bus: EventBus, groupId: string): Promise<string[]> {
  const handled: string[] = [];
  await bus.subscribe({
    groupId,
    topic: shared,
    fromBeginning: true,
    handle: async (batch) => void handled.push(...batch.map((r) => r.value.eventId)),
  });
  return handled;
}

test("a tenant's bus writes its own prefixed topic, each record marked with the tenant; the default's writes neither", async () => {
  const tenantBus = fixture.newBus({ tenant: shopA });
  const defaultBus = fixture.newBus();
  await tenantBus.publish(shared, [viewEvent('a-1'), viewEvent('a-2')]);
  await tenantBus.publish(shared, [viewEvent('a-3')], { batched: true });
  await defaultBus.publish(shared, [viewEvent('d-1')]);
  const written = await fixture.collect([shared.name, ofShopA.name]);
  const ofA = await written.waitFor(ofShopA.name, 3);
  const ofDefault = await written.waitFor(shared.name, 1);
  assert.deepEqual(
    ofA.map((r) => header(r.headers, 'x-tenant')),
    ['shop-a', 'shop-a', 'shop-a'],
  );
  assert.equal(await recordCount(fixture.admin, shared.name), 1);
  assert.equal(header(ofDefault[0]!.headers, 'x-tenant'), undefined);
  // The lag probe of the tenant reads the tenant's copy (nothing committed yet: all 3 records behind).
  const probe = new KafkaLagProbe({
    clientId: 'probe',
    brokers: fixture.broker.bootstrapServers,
    logger: recordingLogger(),
    tenant: shopA,
  });
  try {
    assert.equal(await probe.lag('nobody', shared.name), 3);
    await probe.close();
    // A closed probe asked again connects again rather than using the admin it disconnected.
    assert.equal(await probe.lag('nobody', shared.name), 3);
  } finally {
    await probe.close();
  }
});

test("a record naming another tenant (or none) on a tenant's topic goes to that tenant's DLQ, never to the handler; groups are the tenant's", async () => {
  const producer = await fixture.rawProducer();
  await producer.send({
    topic: ofShopA.name,
    acks: -1,
    messages: [
      { key: 'k', value: encoded('foreign'), headers: { 'x-tenant': 'shop-b' } },
      { key: 'k', value: encoded('unmarked') },
      { key: 'k', value: encoded('own'), headers: { 'x-tenant': 'shop-a' } },
    ],
  });
  const handled = await consumeShared(fixture.newBus({ tenant: shopA }), 'tenant-a');
  const letters = await deadLetters.waitFor(ofShopA.dlq, 2);
  assert.deepEqual(
    letters.map((l) => [header(l.headers, 'x-error'), header(l.headers, 'x-error-stage')]),
    [
      ['record of tenant shop-b on a topic of tenant shop-a: not handled', 'decode'],
      ['record of tenant default on a topic of tenant shop-a: not handled', 'decode'],
    ],
  );
  await eventually('own records handled', () => (handled.length === 4 ? true : undefined));
  assert.deepEqual(handled, ['a-1', 'a-2', 'a-3', 'own']);
  // The group is the tenant's too: another tenant's service of the same group name is another group.
  await eventually('the prefixed group committed', async () =>
    (await fixture.committedOffset('shop-a.tenant-a', ofShopA.name)) === 6 ? true : undefined,
  );
  assert.equal(await fixture.committedOffset('tenant-a', ofShopA.name), 0);
});

test("the default tenant's consumer dead-letters a record that names a tenant", async () => {
  const producer = await fixture.rawProducer();
  await producer.send({
    topic: shared.name,
    acks: -1,
    messages: [{ key: 'k', value: encoded('of-a'), headers: { 'x-tenant': 'shop-a' } }],
  });
  const handled = await consumeShared(fixture.newBus(), 'tenant-default');
  const [letter] = await deadLetters.waitFor(shared.dlq, 1);
  assert.equal(header(letter!.headers, 'x-error'), 'record of tenant shop-a on a topic of tenant default: not handled');
  await eventually('the default record handled', () => (handled.length === 1 ? true : undefined));
  assert.deepEqual(handled, ['d-1']);
});

test("follow reads the tenant's copy whole, through the tenant's group, and returns once caught up", async () => {
  const seen: string[] = [];
  await fixture.newBus({ tenant: shopA }).follow({
    topic: shared,
    groupPrefix: 'follower',
    handle: async (batch) => void seen.push(...batch.map((r) => r.value.eventId)),
  });
  assert.deepEqual(seen, ['a-1', 'a-2', 'a-3', 'own']);
});
