import { afterAll, beforeAll, describe, test } from '@jest/globals';
import assert from 'node:assert/strict';
import {
  EVENT_KIND_NAMES,
  type CleanEvent,
  Topics,
  itemIdOf,
  type ItemUpsert,
  type TrackBatchResponse,
  type UpsertItemsResponse,
} from '@demand/contracts';
import { createShop } from '@demand/testkit';
import { unaryCall } from '../src/grpc-call.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';
import { readWholeTopic, recordValues } from '../src/topic-reader.js';

const NOT_BOT = "NOT arrayExists(f -> startsWith(f, 'bot:'), flags)";
const shop = createShop({ seed: 23, users: 200, items: 40, startDay: '2026-10-01' });
const events = [...shop.generateEvents({ maxEvents: 6000, runId: 'redeliver' })];

interface Behaviour {
  id: string;
  kind: string;
  user: string;
  session: string;
  item: string;
  at: number;
  revenue: number;
  bot: boolean;
}

/** What every view must hold, from the clean events as the aggregator received them (each once). */
function expectations(clean: CleanEvent[]) {
  const byId = new Map<string, Behaviour>();
  for (const { event, flags } of clean) {
    if (!event?.payload || event.payload.$case === 'itemUpsert' || !event.occurredAt) continue;
    const p = event.payload;
    byId.set(event.eventId, {
      id: event.eventId,
      kind: EVENT_KIND_NAMES[p.$case],
      user: event.userId,
      session: event.sessionId,
      item: itemIdOf(p),
      at: event.occurredAt.getTime(),
      revenue: p.$case === 'purchase' ? p.purchase.quantity * p.purchase.unitPrice : 0,
      bot: flags.some((f) => f.startsWith('bot:')),
    });
  }
  const all = [...byId.values()];
  const counted = all.filter((e) => !e.bot);
  const pairs = new Map<string, number>();
  for (const e of counted.filter(
    (x) => x.user && x.item && ['view', 'click', 'add_to_cart', 'remove_from_cart', 'purchase'].includes(x.kind),
  )) {
    const key = `${e.user}/${e.item}/${e.kind === 'click' ? 'view' : e.kind}`;
    pairs.set(key, Math.max(pairs.get(key) ?? 0, e.at));
  }
  const sessionTriples = new Set(
    counted
      .filter((e) => e.session && e.item && (e.kind === 'view' || e.kind === 'purchase'))
      .map((e) => `${e.session}/${e.kind}/${e.item}`),
  );
  return {
    raw: all.length,
    itemEvents: counted.filter((e) => e.item).length,
    userEvents: counted.filter((e) => e.user).length,
    revenue:
      Math.round(counted.filter((e) => e.item && e.kind === 'purchase').reduce((n, e) => n + e.revenue, 0) * 100) / 100,
    purchases: counted.filter((e) => e.kind === 'purchase' && e.user).length,
    lastTimesSum: [...pairs.values()].reduce((n, t) => n + t, 0),
    sessionTriples: sessionTriples.size,
  };
}

describe('redelivered clean events change no view', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
    const items = shop
      .itemUpsertEvents()
      .flatMap((e): ItemUpsert[] => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
    await unaryCall<UpsertItemsResponse>((m, o, cb) => p.collector.upsertItems({ items }, m, o, cb));
  });
  afterAll(async () => p?.stop());

  async function viewsNow() {
    const one = async (sql: string) => Number((await p.platform.analytics.query<{ n: number }>(sql))[0]?.n ?? 0);
    return {
      raw: await one('SELECT count() AS n FROM clean_events FINAL'),
      itemEvents: await one(
        'SELECT sum(n) AS n FROM (SELECT uniqExactMerge(events) AS n FROM item_hourly GROUP BY item_id, hour, kind)',
      ),
      // Per-user figures and session sets read clean_events itself (migration 007), each event once by its id.
      userEvents: await one(`SELECT uniqExact(event_id) AS n FROM clean_events WHERE user_id != '' AND ${NOT_BOT}`),
      revenue: await one(
        'SELECT round(sum(arraySum(arrayMap(t -> t.2 * t.3, paid))), 2) AS n FROM (SELECT groupUniqArrayMerge(paid) AS paid FROM item_hourly GROUP BY item_id, hour, kind)',
      ),
      purchases: await one(
        `SELECT count() AS n FROM (SELECT event_id FROM clean_events
           WHERE kind = 'purchase' AND user_id != '' AND ${NOT_BOT} LIMIT 1 BY event_id)`,
      ),
      lastTimesSum: await one(
        `SELECT sum(t) AS n FROM (
           SELECT toUnixTimestamp64Milli(maxIf(occurred_at, kind IN ('view', 'click')))
                + toUnixTimestamp64Milli(maxIf(occurred_at, kind = 'add_to_cart'))
                + toUnixTimestamp64Milli(maxIf(occurred_at, kind = 'remove_from_cart'))
                + toUnixTimestamp64Milli(maxIf(occurred_at, kind = 'purchase')) AS t
           FROM clean_events
           WHERE user_id != '' AND item_id != '' AND ${NOT_BOT}
             AND kind IN ('view', 'click', 'add_to_cart', 'remove_from_cart', 'purchase')
           GROUP BY user_id, item_id)`,
      ),
      sessionTriples: await one(
        `SELECT count() AS n FROM (SELECT DISTINCT session_id, kind, item_id FROM clean_events
           WHERE session_id != '' AND item_id != '' AND kind IN ('view', 'purchase') AND ${NOT_BOT})`,
      ),
    };
  }

  test('events sent twice through the pipeline and every clean record published again are each counted once in every view', async () => {
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < events.length; i += 1000) {
        await unaryCall<TrackBatchResponse>((m, o, cb) =>
          p.collector.trackBatch({ events: events.slice(i, i + 1000) }, m, o, cb),
        );
      }
    await p.drain();

    // Redeliver: every record of events.clean.v1 once more, as the aggregator's consumer would see after a rewind.
    const records = await readWholeTopic(p.kafka, p.admin, 'events.clean.v1');
    const producer = p.kafka.producer();
    await producer.connect();
    for (let i = 0; i < records.length; i += 500)
      await producer.send({
        topic: 'events.clean.v1',
        messages: records.slice(i, i + 500).map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
      });
    await producer.disconnect();
    await p.drain();

    const clean = records.flatMap((r) => recordValues(Topics.eventsClean, r));
    const want = expectations(clean);
    assert.ok(want.raw > 5000 && want.purchases > 10 && want.sessionTriples > 100, JSON.stringify(want));
    const got = await viewsNow();
    assert.deepEqual(got, want);
  });

  test("the embedder's review sentiments reach review_sentiments, each review once", async () => {
    const reviews = new Set(
      events.filter((e) => e.payload?.$case === 'review' && e.payload.review.text !== '').map((e) => e.eventId),
    );
    assert.ok(reviews.size > 0, `reviews in the shop: ${reviews.size}`);
    const deadline = Date.now() + 90_000;
    let rows: { n: number; ids: number }[] = [];
    while (Date.now() < deadline) {
      rows = await p.platform.analytics.query<{ n: number; ids: number }>(
        'SELECT count() AS n, uniqExact(event_id) AS ids FROM review_sentiments FINAL',
      );
      if (Number(rows[0]?.ids) >= reviews.size) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(Number(rows[0]?.ids), reviews.size, 'every review judged');
    assert.equal(Number(rows[0]?.n), reviews.size, 'once each');
  });
});
