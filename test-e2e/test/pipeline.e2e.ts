import { afterAll, beforeAll, describe, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import type { KafkaMessage } from 'kafkajs';
import {
  Event,
  FeaturesUpdated,
  Topics,
  type ItemProfile,
  type ItemStats,
  type SegmentList,
  type TrackBatchResponse,
  type UpsertItemsResponse,
  type ItemUpsert,
  type UserProfile,
} from '@demand/contracts';
import { countExpectedItemStats, createShop, type ItemDayStats } from '@demand/testkit';
import { unaryCall } from '../src/grpc-call.js';
import { readWholeTopic, readWholeTopicValues } from '../src/topic-reader.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';

const shop = createShop({ seed: 7, users: 300, items: 60, startDay: '2026-10-01' });
const events = [...shop.generateEvents({ maxEvents: 10_000, runId: 'e2e' })];
const expected = countExpectedItemStats(events).filter((row) => row.itemId !== '');

async function trackAll(p: TestPlatform, batch: Event[]): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < batch.length; i += 1000) {
    const res = await unaryCall<TrackBatchResponse>((m, o, cb) =>
      p.collector.trackBatch({ events: batch.slice(i, i + 1000) }, m, o, cb),
    );
    accepted += res.accepted;
  }
  return accepted;
}

function expectedByItem(rows: ItemDayStats[]): Map<string, ItemDayStats[]> {
  const byItem = new Map<string, ItemDayStats[]>();
  for (const row of rows) byItem.set(row.itemId, [...(byItem.get(row.itemId) ?? []), row]);
  return byItem;
}

async function assertStatsMatch(p: TestPlatform): Promise<void> {
  let checkedDays = 0;
  for (const [itemId, days] of expectedByItem(expected)) {
    const stats = await unaryCall<ItemStats>((m, o, cb) =>
      p.features.getItemStats({ itemId, fromDay: '', toDay: '' }, m, o, cb),
    );
    const actual = new Map(stats.days.map((d) => [d.day, d.counts!]));
    assert.equal(stats.days.length, days.length, `${itemId}: number of days`);
    for (const want of days) {
      const got = actual.get(want.day);
      assert.ok(got, `${itemId} ${want.day} missing`);
      const pick = (c: {
        views: number;
        clicks: number;
        addToCarts: number;
        removeFromCarts: number;
        purchases: number;
        reviews: number;
        dialogTurns: number;
      }) => [c.views, c.clicks, c.addToCarts, c.removeFromCarts, c.purchases, c.reviews, c.dialogTurns];
      assert.deepEqual(
        pick(got),
        pick(want),
        `${itemId} ${want.day}: views, clicks, carts, removes, purchases, reviews, dialog turns`,
      );
      assert.equal(got.unitsSold, want.units, `${itemId} ${want.day}: units`);
      assert.ok(
        Math.abs(got.revenue - want.revenue) < 0.011,
        `${itemId} ${want.day}: revenue ${got.revenue} vs ${want.revenue}`,
      );
      checkedDays++;
    }
  }
  assert.ok(checkedDays > 100, `checked ${checkedDays} item-days`);
}

/** A view of `i-direct`, an item of no shop here, so the shop's counts stay exact. */
function view(i: number): Event {
  return Event.fromPartial({
    eventId: `direct-${i}`,
    userId: `u-${i % 7}`,
    occurredAt: new Date(Date.UTC(2026, 10, 1, 12)),
    payload: { $case: 'view', view: { itemId: 'i-direct' } },
  });
}

describe('the pipeline from TrackBatch to GetItemStats', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
    const items = shop
      .itemUpsertEvents()
      .flatMap((e): ItemUpsert[] => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
    await unaryCall<UpsertItemsResponse>((m, o, cb) => p.collector.upsertItems({ items }, m, o, cb));
  });
  afterAll(async () => p?.stop());

  test('10,000 events sent with TrackBatch appear with exact counts', async () => {
    assert.equal(events.length, 10_000);
    assert.equal(await trackAll(p, events), 10_000);
    await p.drain();
    await assertStatsMatch(p);
  });

  test('profiles of the tracked users and items are served from memory within seconds, and segments fitted', async () => {
    const kinds = (userId: string, kind: string) =>
      events.filter((e) => e.userId === userId && e.payload?.$case === kind).length;
    const bought = events.find((e) => e.payload?.$case === 'purchase')!;
    const buyer = bought.userId;
    // The preprocessor pseudonymises user ids: the profile is under the id the clean event carries.
    const clean = await readWholeTopicValues(p.kafka, p.admin, Topics.eventsClean);
    const pseudonym = clean.find((c) => c.event?.eventId === bought.eventId)!.event!.userId;
    assert.notEqual(pseudonym, '');
    const deadline = Date.now() + 60_000;
    let profile: UserProfile | undefined;
    while (Date.now() < deadline) {
      profile = await unaryCall<UserProfile>((m, o, cb) =>
        p.features.getUserProfile({ userId: pseudonym }, m, o, cb),
      ).catch((error: ServiceError) => {
        if (error.code !== status.NOT_FOUND) throw error;
        return undefined;
      });
      // A refresh can land between two of the user's events: wait for the whole of their history, not its purchases.
      const whole =
        profile?.activity?.purchases === kinds(buyer, 'purchase') && profile?.activity?.views === kinds(buyer, 'view');
      if (whole) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(profile?.activity?.purchases, kinds(buyer, 'purchase'));
    assert.equal(profile?.activity?.views, kinds(buyer, 'view'));
    assert.ok((profile?.monetary ?? 0) > 0 && profile?.recencyDays !== undefined);
    assert.ok((profile?.topCategories.length ?? 0) > 0, 'categories from the catalog');
    const notices = (await readWholeTopic(p.kafka, p.admin, Topics.featuresUpdated.name)).map((m) =>
      FeaturesUpdated.decode(m.value!),
    );
    assert.ok(
      notices.some((n) => n.userIds.includes(pseudonym)),
      'features.updated.v1 names the refreshed user',
    );

    const viewed = events.find((e) => e.payload?.$case === 'view');
    const itemId = viewed?.payload?.$case === 'view' ? viewed.payload.view.itemId : '';
    const item = await unaryCall<ItemProfile>((m, o, cb) => p.features.getItemProfile({ itemId }, m, o, cb));
    assert.ok(item.views > 0);

    let segments: SegmentList | undefined;
    while (Date.now() < deadline) {
      segments = await unaryCall<SegmentList>((m, o, cb) => p.features.listSegments({ pointLimit: 3 }, m, o, cb));
      if (segments.modelVersion > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.ok((segments?.modelVersion ?? 0) >= 1, 'segments fitted once enough users had profiles');
    assert.ok((segments?.k ?? 0) >= 2);
    assert.equal(segments?.points.length, 3);
    await assert.rejects(
      unaryCall((m, o, cb) => p.features.getUserProfile({ userId: '' }, m, o, cb)),
      (error: ServiceError) => error.code === status.INVALID_ARGUMENT && /user_id/.test(error.details),
    );
  });

  test('re-sent events are not counted twice', async () => {
    assert.equal(await trackAll(p, events), 10_000);
    await p.drain();
    await assertStatsMatch(p);
  });

  test('an invalid event in a batch is INVALID_ARGUMENT naming its index and field, and nothing of the batch is taken', async () => {
    const good = Event.fromPartial({
      eventId: 'ok-1',
      userId: 'u-x',
      occurredAt: new Date(),
      payload: { $case: 'view', view: { itemId: 'i-00001' } },
    });
    const bad = Event.fromPartial({
      eventId: 'bad-1',
      userId: 'u-x',
      occurredAt: new Date(),
      payload: { $case: 'purchase', purchase: { orderId: 'o', itemId: 'i-00001', quantity: 0, unitPrice: 1 } },
    });
    await assert.rejects(
      unaryCall<TrackBatchResponse>((m, o, cb) => p.collector.trackBatch({ events: [good, bad] }, m, o, cb)),
      (error: ServiceError) =>
        error.code === status.INVALID_ARGUMENT &&
        error.details === 'events[1].purchase.quantity: must be between 1 and 10000 (got 0)',
    );
    await assert.rejects(
      unaryCall((m, o, cb) => p.features.getItemStats({ itemId: '', fromDay: '', toDay: '' }, m, o, cb)),
      (error: ServiceError) => error.code === status.INVALID_ARGUMENT && /item_id/.test(error.details),
    );
    await assert.rejects(
      unaryCall((m, o, cb) => p.features.getItemStats({ itemId: 'no-such-item', fromDay: '', toDay: '' }, m, o, cb)),
      (error: ServiceError) => error.code === status.NOT_FOUND,
    );
  });

  // Last: its 50 views and poison come after every check of the shop's own counts and profiles.
  test('records producers write straight to the raw topic: poison goes to the DLQ, the rest flows on', async () => {
    const producer = p.kafka.producer();
    await producer.connect();
    const valid = Array.from({ length: 50 }, (_, i) => view(i));
    const invalid = Event.fromPartial({
      eventId: 'direct-bad',
      userId: 'u-1',
      occurredAt: new Date(),
      payload: { $case: 'review', review: { itemId: 'i-direct', rating: 9, text: 'x' } },
    });
    const poison = Buffer.from([0x0a, 0xff, 0x01]);
    const encode = (e: Event) => Buffer.from(Event.encode(e).finish());
    await producer.send({
      topic: Topics.eventsRaw.name,
      messages: [
        ...valid.slice(0, 25).map((e) => ({ key: e.userId, value: encode(e) })),
        { key: 'u-1', value: poison, headers: { source: 'fuzzer' } },
        { key: 'u-1', value: encode(invalid) },
        ...valid.slice(25).map((e) => ({ key: e.userId, value: encode(e) })),
      ],
    });
    await producer.disconnect();

    await p.drain();
    const stats = await unaryCall<ItemStats>((m, o, cb) =>
      p.features.getItemStats({ itemId: 'i-direct', fromDay: '', toDay: '' }, m, o, cb),
    );
    assert.equal(stats.totals?.views, 50);

    const dead = await readWholeTopic(p.kafka, p.admin, Topics.eventsRaw.dlq);
    // Exactly the two bad records, kept byte for byte: nothing else was dead-lettered.
    assert.deepEqual(dead.map((m) => m.value!).sort(Buffer.compare), [poison, encode(invalid)].sort(Buffer.compare));
    const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();
    const poisoned = dead.find((m) => m.value?.equals(poison));
    assert.ok(poisoned, 'the undecodable record is kept byte for byte');
    assert.equal(header(poisoned, 'x-original-topic'), 'events.raw.v1');
    assert.equal(header(poisoned, 'source'), 'fuzzer', 'original headers are kept');
    assert.match(header(poisoned, 'x-error') ?? '', /.+/);
    const rejected = dead.find((m) => header(m, 'x-error')?.includes('review.rating'));
    assert.ok(
      rejected,
      `the invalid review is dead-lettered with its reason: ${dead.map((m) => header(m, 'x-error')).join(' | ')}`,
    );
    assert.equal(Event.decode(rejected.value!).eventId, 'direct-bad');
  });
});
