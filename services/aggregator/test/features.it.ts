import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnalyticsStore, runMigrations, type AnalyticsStore } from '@demand/analytics-store';
import { EmbeddingUpdated, TextKind } from '@demand/contracts';
import { AGGREGATE_VIEWS, backfillAggregates } from '../src/adapters/backfill.js';
import { ClickHouseEventStore } from '../src/adapters/clickhouse-event-store.adapter.js';
import { ClickHouseFeatureReader } from '../src/adapters/clickhouse-feature-reader.js';
import { applyRetention } from '../src/adapters/retention.js';
import type { EventRow, ItemRow } from '../src/domain/event-rows.js';
import {
  abandonedCart,
  browsedNotBought,
  ratingSentiment,
  repeatPurchaseIntervals,
  rfm,
  WINDOW_NAMES,
  windowHours,
} from '../src/domain/features.js';
import { migrationsDirectory } from '../src/migrations-directory.js';
import { SENTIMENT_COLUMNS, sentimentRows } from '../src/consumers/review-sentiments.consumer.js';

const AS_OF = new Date('2026-11-30T12:34:00.000Z');
const DAY = 86_400_000;

/** A small deterministic shop: 30 users, 40 items in 5 categories, ~4000 events over 40 days. */
function shop(): { events: EventRow[]; items: ItemRow[] } {
  let seed = 7;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const items: ItemRow[] = Array.from({ length: 40 }, (_, i) => ({
    item_id: `i${i}`,
    title: `item ${i}`,
    description: '',
    brand: 'b',
    category_path: ['top', `c${i % 5}`],
    price: 10 + i,
    currency: 'CNY',
    attributes: {},
    stock: 1,
    updated_at: '2026-10-01T00:00:00.000Z',
  }));
  const events: EventRow[] = [];
  let n = 0;
  for (let s = 0; s < 500; s++) {
    const user = `u${Math.floor(rnd() * 30)}`;
    const session = `s${s}`;
    let at = AS_OF.getTime() - Math.floor(rnd() * 40 * DAY);
    const steps = 2 + Math.floor(rnd() * 12);
    for (let k = 0; k < steps; k++) {
      at = Math.min(at + Math.floor(rnd() * 600_000), AS_OF.getTime());
      const item = pick(items);
      const kind = pick(['view', 'view', 'view', 'click', 'add_to_cart', 'remove_from_cart', 'purchase', 'review']);
      const bot = rnd() < 0.03;
      events.push({
        event_id: `e${n++}`,
        kind,
        user_id: user,
        session_id: session,
        item_id: item.item_id,
        occurred_at: new Date(at).toISOString(),
        received_at: new Date(at).toISOString(),
        source: 'web',
        quantity: kind === 'purchase' || kind === 'add_to_cart' ? 1 + Math.floor(rnd() * 3) : 0,
        unit_price: kind === 'purchase' ? item.price - Math.floor(rnd() * 3) : 0,
        currency: 'CNY',
        rating: kind === 'review' ? 1 + Math.floor(rnd() * 5) : 0,
        text: '',
        query: '',
        order_id: kind === 'purchase' ? `o${session}-${Math.floor(rnd() * 2)}` : '',
        flags: bot ? ['bot:rate'] : [],
      });
    }
  }
  return { events, items };
}

/** What every feature must be, computed in JavaScript from the events (each once, bots left out). */
function reference(events: readonly EventRow[], items: readonly ItemRow[]) {
  const counted = events.filter((e) => !e.flags.some((f) => f.startsWith('bot:')));
  const category = new Map(items.map((i) => [i.item_id, i.category_path.at(-1)!]));
  const windows = (match: (e: EventRow) => boolean) =>
    WINDOW_NAMES.map((w) => {
      const { from, to } = windowHours(AS_OF, w);
      const inside = counted.filter((e) => {
        const hour = Math.floor(new Date(e.occurred_at).getTime() / 3_600_000) * 3_600_000;
        return match(e) && hour >= from.getTime() && hour <= to.getTime();
      });
      const counts: Record<string, number> = {};
      for (const e of inside) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
      const purchases = inside.filter((e) => e.kind === 'purchase');
      const reviews = inside.filter((e) => e.kind === 'review').map((e) => ratingSentiment(e.rating));
      return {
        window: w,
        counts,
        units: purchases.reduce((a, e) => a + e.quantity, 0),
        revenue: Math.round(purchases.reduce((a, e) => a + e.quantity * e.unit_price, 0) * 100) / 100,
        good: reviews.filter((r) => r === 'good').length,
        bad: reviews.filter((r) => r === 'bad').length,
      };
    });
  const purchasesOf = (user: string) =>
    counted
      .filter((e) => e.user_id === user && e.kind === 'purchase')
      .map((e) => ({
        occurredAt: new Date(e.occurred_at),
        eventId: e.event_id,
        orderId: e.order_id,
        quantity: e.quantity,
        unitPrice: e.unit_price,
        category: category.get(e.item_id) ?? '',
      }));
  const baskets = (user: string) => {
    const state = new Map<
      string,
      { itemId: string; lastView: number; lastCart: number; lastRemove: number; lastPurchase: number }
    >();
    for (const e of counted.filter((x) => x.user_id === user)) {
      const s = state.get(e.item_id) ?? { itemId: e.item_id, lastView: 0, lastCart: 0, lastRemove: 0, lastPurchase: 0 };
      const t = new Date(e.occurred_at).getTime();
      if (e.kind === 'view' || e.kind === 'click') s.lastView = Math.max(s.lastView, t);
      if (e.kind === 'add_to_cart') s.lastCart = Math.max(s.lastCart, t);
      if (e.kind === 'remove_from_cart') s.lastRemove = Math.max(s.lastRemove, t);
      if (e.kind === 'purchase') s.lastPurchase = Math.max(s.lastPurchase, t);
      if (e.kind !== 'review') state.set(e.item_id, s);
    }
    const all = [...state.values()].sort((a, b) => a.itemId.localeCompare(b.itemId));
    return {
      browsedNotBought: all.filter(browsedNotBought).map((s) => s.itemId),
      abandonedCart: all.filter(abandonedCart).map((s) => s.itemId),
    };
  };
  const coCounts = (itemId: string, kind: 'view' | 'purchase') => {
    const sessions = new Map<string, Set<string>>();
    for (const e of counted.filter((x) => x.kind === kind))
      sessions.set(e.session_id, (sessions.get(e.session_id) ?? new Set()).add(e.item_id));
    const co = new Map<string, number>();
    for (const set of sessions.values())
      if (set.has(itemId)) for (const other of set) if (other !== itemId) co.set(other, (co.get(other) ?? 0) + 1);
    return [...co.entries()]
      .map(([id, sessionsCount]) => ({ itemId: id, sessions: sessionsCount }))
      .sort((a, b) => b.sessions - a.sessions || a.itemId.localeCompare(b.itemId))
      .slice(0, 20);
  };
  return {
    item: (id: string) => windows((e) => e.item_id === id),
    user: (id: string) => windows((e) => e.user_id === id),
    category: (id: string) => windows((e) => category.get(e.item_id) === id),
    rfm: (user: string) => rfm(purchasesOf(user), AS_OF),
    repeat: (user: string) => repeatPurchaseIntervals(purchasesOf(user)),
    baskets,
    coCounts,
  };
}

/** Every feature the reader serves for a sample of keys. */
async function snapshot(reader: ClickHouseFeatureReader) {
  const trim = (ws: Awaited<ReturnType<ClickHouseFeatureReader['windows']>>) =>
    ws.map((w) => ({
      window: w.window,
      counts: w.counts,
      units: w.price.units,
      revenue: w.price.revenue,
      good: w.reviews.good,
      bad: w.reviews.bad,
    }));
  const out: Record<string, unknown> = {};
  for (const id of ['i0', 'i7', 'i23']) {
    out[`item ${id}`] = trim(await reader.windows('item', id, AS_OF));
    out[`coview ${id}`] = await reader.coCounts(id, 'view');
    out[`copurchase ${id}`] = await reader.coCounts(id, 'purchase');
  }
  for (const id of ['c1', 'c4']) out[`category ${id}`] = trim(await reader.windows('category', id, AS_OF));
  for (const id of ['u0', 'u5', 'u17']) {
    out[`user ${id}`] = trim(await reader.windows('user', id, AS_OF));
    out[`rfm ${id}`] = await reader.rfm(id, AS_OF);
    out[`repeat ${id}`] = await reader.repeatPurchases(id);
    out[`baskets ${id}`] = await reader.baskets(id);
  }
  return out;
}

function expected(ref: ReturnType<typeof reference>) {
  const out: Record<string, unknown> = {};
  for (const id of ['i0', 'i7', 'i23']) {
    out[`item ${id}`] = ref.item(id);
    out[`coview ${id}`] = ref.coCounts(id, 'view');
    out[`copurchase ${id}`] = ref.coCounts(id, 'purchase');
  }
  for (const id of ['c1', 'c4']) out[`category ${id}`] = ref.category(id);
  for (const id of ['u0', 'u5', 'u17']) {
    out[`user ${id}`] = ref.user(id);
    out[`rfm ${id}`] = ref.rfm(id);
    out[`repeat ${id}`] = ref.repeat(id);
    out[`baskets ${id}`] = ref.baskets(id);
  }
  return out;
}

async function withStore(work: (store: AnalyticsStore) => Promise<void>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'aggregator-features-'));
  const store = createAnalyticsStore({ mode: 'embedded', path: dir });
  try {
    await runMigrations(store, { owner: 'aggregator', directory: migrationsDirectory });
    await work(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('streamed with redelivered batches, every feature is exact; rebuilding the aggregates from the raw table gives the same numbers', async () => {
  await withStore(async (analytics) => {
    const { events, items } = shop();
    const store = new ClickHouseEventStore(analytics, { maxRows: 700, maxDelayMs: 5 });
    await store.upsertItems(items);
    // Batches of varying size, each delivered twice, some a third time after later ones.
    const pending: Promise<void>[] = [];
    for (let i = 0, size = 37; i < events.length; i += size, size = 37 + ((size * 7) % 211)) {
      const batch = events.slice(i, i + size);
      pending.push(store.append(batch).durable, store.append(batch).durable);
      if (i % 3 === 0) pending.push(store.append(events.slice(Math.max(0, i - 500), i)).durable);
    }
    await Promise.all(pending);

    const ref = reference(events, items);
    const streamed = await snapshot(new ClickHouseFeatureReader(analytics));
    assert.deepEqual(streamed, expected(ref));
    assert.ok(Object.keys((streamed['item i0'] as { counts: object }[])[3]!.counts).length > 2, 'non-trivial data');

    // Backfill on top of live tables changes nothing (idempotent states)...
    const progress: string[] = [];
    await backfillAggregates(analytics, { onProgress: (p) => progress.push(`${p.view}/${p.partition}`) });
    assert.ok(progress.length >= AGGREGATE_VIEWS.length * 2, `month by month: ${progress.join(' ')}`);
    assert.deepEqual(await snapshot(new ClickHouseFeatureReader(analytics)), streamed);

    // ...and into emptied aggregate tables it rebuilds the same numbers from the raw table.
    for (const view of AGGREGATE_VIEWS) await analytics.command(`TRUNCATE TABLE ${view.replace(/_mv$/, '')}`);
    await backfillAggregates(analytics);
    assert.deepEqual(await snapshot(new ClickHouseFeatureReader(analytics)), streamed);
  });
});

test('retention from configuration becomes each table group TTL, without rewriting parts; setting it again is harmless', async () => {
  await withStore(async (analytics) => {
    await applyRetention(analytics, { raw: 30, features: 400 });
    await applyRetention(analytics, { raw: 31, features: 400 });
    const ttl = async (table: string) =>
      (
        await analytics.query<{ q: string }>(
          'SELECT create_table_query AS q FROM system.tables WHERE name = {table:String}',
          {
            table,
          },
        )
      )[0]!.q
        .replace(/.*TTL /s, '')
        .replace(/ SETTINGS.*/s, '');
    assert.match(await ttl('clean_events'), /toDateTime\(occurred_at\) \+ toIntervalDay\(31\)/);
    assert.match(await ttl('item_hourly'), /toDateTime\(hour\) \+ toIntervalDay\(400\)/);
    assert.match(await ttl('user_texts'), /toDateTime\(occurred_at\) \+ toIntervalDay\(400\)/);
  });
});

test('expired stock history rolls up to the latest level per item instead of vanishing', async () => {
  await withStore(async (analytics) => {
    await applyRetention(analytics, { raw: 30, features: 400 });
    const now = Date.now();
    const old = (days: number) => new Date(now - days * DAY).toISOString();
    await analytics.insertCompact(
      'item_stock_history',
      ['item_id', 'updated_at', 'stock'],
      [
        ['sold-out', old(400), 5],
        ['sold-out', old(300), 0],
        ['restocked', old(200), 0],
        ['restocked', old(2), 9],
        ['restocked', old(1), 8],
      ],
    );
    await analytics.command('OPTIMIZE TABLE item_stock_history FINAL');
    const rows = await analytics.query<{ item_id: string; updated_at: string; stock: number | string }>(
      'SELECT item_id, updated_at, stock FROM item_stock_history ORDER BY item_id, updated_at',
    );
    assert.deepEqual(
      rows.map((r) => [r.item_id, Date.parse(r.updated_at), Number(r.stock)]),
      [
        ['restocked', Date.parse(old(200)), 0],
        ['restocked', Date.parse(old(2)), 9],
        ['restocked', Date.parse(old(1)), 8],
        ['sold-out', Date.parse(old(300)), 0],
      ],
    );
  });
});

test("review sentiments from the embedder's head are counted per window once per review, beside the rating rule", async () => {
  await withStore(async (analytics) => {
    const review = (id: string, item: string, at: string, label: string, kind = TextKind.TEXT_KIND_REVIEW) =>
      EmbeddingUpdated.fromPartial({
        textId: id,
        kind,
        itemId: item,
        userId: 'u1',
        occurredAt: new Date(at),
        rating: 3,
        sentiment: { label, probability: 0.9, scores: [], modelVersion: 'sentiment-head@1' },
      });
    const records = [
      review('r1', 'i1', '2026-11-30T12:10:00.000Z', 'positive'),
      review('r2', 'i1', '2026-11-30T02:00:00.000Z', 'negative'),
      review('r3', 'i1', '2026-11-20T02:00:00.000Z', 'positive'),
      review('r4', 'i1', '2026-10-01T02:00:00.000Z', 'positive'),
      review('t1', 'i1', '2026-11-30T12:00:00.000Z', 'positive', TextKind.TEXT_KIND_DIALOG_TURN),
    ];
    const rows = sentimentRows(records);
    assert.equal(rows.length, 4, 'only reviews');
    await analytics.insertCompact('review_sentiments', SENTIMENT_COLUMNS, rows);
    await analytics.insertCompact('review_sentiments', SENTIMENT_COLUMNS, rows.slice(0, 2)); // redelivered
    const reader = new ClickHouseFeatureReader(analytics);
    assert.deepEqual(await reader.reviewSentiments('item', 'i1', AS_OF), [
      { window: '1h', labels: { positive: 1 } },
      { window: '1d', labels: { negative: 1, positive: 1 } },
      { window: '7d', labels: { negative: 1, positive: 1 } },
      { window: '30d', labels: { negative: 1, positive: 2 } },
    ]);
    assert.equal((await reader.reviewSentiments('user', 'u1', AS_OF))[3]?.labels.positive, 2);
  });
});

test('per-user features and co-counts read clean_events through its user-ordered projection, not a scan', async () => {
  await withStore(async (analytics) => {
    // Enough rows for the planner to prefer an index (a table of one granule is read whole either way).
    await analytics.command(`INSERT INTO clean_events (event_id, kind, user_id, session_id, item_id, occurred_at)
      SELECT toString(number), ['view', 'purchase'][number % 2 + 1], concat('u', toString(number % 1000)),
             concat('s', toString(number % 5000)), concat('i', toString(number % 300)), toDateTime64('2026-11-30', 3)
      FROM numbers(200000)`);
    const queries: { sql: string; params: Record<string, unknown> | undefined }[] = [];
    const recording = Object.create(analytics) as AnalyticsStore;
    recording.query = (sql, params) => {
      queries.push({ sql, params });
      return analytics.query(sql, params);
    };
    const reader = new ClickHouseFeatureReader(recording);
    await reader.windows('user', 'u1', AS_OF);
    await reader.purchases('u1');
    await reader.userItems('u1');
    await reader.coCounts('i1', 'view');
    assert.equal(queries.length, 4);
    for (const { sql, params } of queries) {
      const plan = (await analytics.query<{ explain: string }>(`EXPLAIN ${sql}`, params)).map((r) => r.explain);
      assert.match(plan.join('\n'), /ReadFrom\w+ \(by_user\)/, sql);
    }
  });
});
