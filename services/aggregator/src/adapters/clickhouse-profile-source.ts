import type { AnalyticsStore } from '@demand/analytics-store';
import {
  type InteractionKind,
  type ItemEvent,
  type ItemInfo,
  type PairCount,
  popularityPercentiles,
} from '@demand/segments';
import type { ProfileSnapshot, ProfileSource } from '../ports/profile-source.port.js';

const KINDS: readonly InteractionKind[] = [
  'view',
  'click',
  'add_to_cart',
  'remove_from_cart',
  'purchase',
  'review',
  'search',
];

interface EventRecord {
  user_id: string;
  item_id: string;
  session_id: string;
  order_id: string;
  kind: InteractionKind;
  at: number | string;
  quantity: number;
  unit_price: number;
  rating: number;
  label: string;
  probability: number;
}

/**
 * Profile inputs from the aggregator's tables (migrations/003, 004): clean events without bot-flagged
 * ones (deduplicated by event id), review sentiments by the review's event id, and the catalog. The
 * catalog is kept here between reads: a touched refresh reads only the items upserted since.
 */
export class ClickHouseProfileSource implements ProfileSource {
  private readonly catalog = new Map<string, ItemInfo>();
  private catalogSince = '1970-01-01 00:00:00.000';

  constructor(private readonly store: AnalyticsStore) {}

  async readAll(): Promise<ProfileSnapshot> {
    const events = await this.events('');
    await this.readCatalog();
    const views = new Map<string, number>();
    for (const e of events) if (e.kind === 'view' && e.itemId) views.set(e.itemId, (views.get(e.itemId) ?? 0) + 1);
    const popularity = popularityPercentiles(views);
    for (const item of this.catalog.values()) item.popularity = popularity.get(item.itemId) ?? 0;
    const [coViews, coBuys] = await Promise.all([this.pairs('view', 'session_id'), this.pairs('purchase', 'user_id')]);
    return { items: [...this.catalog.values()], events, coViews, coBuys };
  }

  async readTouched(userIds: readonly string[], itemIds: readonly string[]): Promise<ProfileSnapshot> {
    const events = await this.events('AND (user_id IN {users:Array(String)} OR item_id IN {items:Array(String)})', {
      users: [...userIds],
      items: [...itemIds],
    });
    await this.readCatalog();
    return { items: [...this.catalog.values()], events, userIds: new Set(userIds), itemIds: new Set(itemIds) };
  }

  private async events(where: string, params: Record<string, unknown> = {}): Promise<ItemEvent[]> {
    const rows = await this.store.query<EventRecord>(
      `SELECT e.user_id AS user_id, e.item_id AS item_id, e.session_id AS session_id, e.order_id AS order_id,
              e.kind AS kind, toUnixTimestamp64Milli(e.occurred_at) AS at, e.quantity AS quantity,
              e.unit_price AS unit_price, e.rating AS rating, s.label AS label, s.probability AS probability
       FROM (
         SELECT event_id, user_id, item_id, session_id, order_id, kind, occurred_at, quantity, unit_price, rating
         FROM clean_events
         WHERE user_id != '' AND kind IN {kinds:Array(String)}
           AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags) ${where}
         LIMIT 1 BY event_id
       ) AS e
       LEFT JOIN (SELECT event_id, label, probability FROM review_sentiments LIMIT 1 BY event_id) AS s
         ON s.event_id = e.event_id
       ORDER BY at`,
      { ...params, kinds: KINDS },
    );
    return rows.map((r) => {
      const e: ItemEvent = { userId: r.user_id, kind: r.kind, at: Number(r.at) };
      if (r.item_id) e.itemId = r.item_id;
      if (r.session_id) e.sessionId = r.session_id;
      if (r.order_id) e.orderId = r.order_id;
      if (r.kind === 'add_to_cart' || r.kind === 'purchase') {
        e.quantity = Number(r.quantity) || 1;
        e.unitPrice = Number(r.unit_price);
      }
      if (r.kind === 'review') {
        if (Number(r.rating) > 0) e.rating = Number(r.rating);
        const sentiment = sentimentScore(r.label, Number(r.probability));
        if (sentiment !== undefined) e.sentiment = sentiment;
      }
      return e;
    });
  }

  private async readCatalog(): Promise<void> {
    const rows = await this.store.query<{
      item_id: string;
      brand: string;
      category_path: string[];
      price: number;
      updated: string;
    }>(
      `SELECT item_id, argMax(brand, updated_at) AS brand, argMax(category_path, updated_at) AS category_path,
              argMax(price, updated_at) AS price, toString(max(updated_at)) AS updated
       FROM items WHERE updated_at > toDateTime64({since:String}, 3, 'UTC') GROUP BY item_id`,
      { since: this.catalogSince },
    );
    for (const r of rows) {
      const known = this.catalog.get(r.item_id);
      this.catalog.set(r.item_id, {
        itemId: r.item_id,
        brand: r.brand,
        categoryPath: r.category_path,
        price: Number(r.price),
        popularity: known?.popularity,
      });
      if (r.updated > this.catalogSince) this.catalogSince = r.updated;
    }
  }

  /** Pair counts of items sharing a session (views) or a user (purchases), over distinct groups. */
  private async pairs(
    kind: 'view' | 'purchase',
    group: 'session_id' | 'user_id',
  ): Promise<{ pairs: PairCount[]; occurrences: Map<string, number> }> {
    const baskets = `SELECT ${group} AS g, groupUniqArray(200)(item_id) AS items FROM clean_events
       WHERE kind = {kind:String} AND item_id != '' AND ${group} != ''
         AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)
       GROUP BY g`;
    const [pairRows, occurrenceRows] = await Promise.all([
      this.store.query<{ a: string; b: string; n: number | string }>(
        `SELECT p.1 AS a, p.2 AS b, count() AS n
         FROM (${baskets}) ARRAY JOIN arrayFilter(x -> x.1 < x.2, arrayFlatten(
           arrayMap(i -> arrayMap(j -> (i, j), items), items))) AS p
         GROUP BY a, b`,
        { kind },
      ),
      this.store.query<{ item_id: string; n: number | string }>(
        `SELECT item_id, count() AS n FROM (${baskets}) ARRAY JOIN items AS item_id GROUP BY item_id`,
        { kind },
      ),
    ]);
    return {
      pairs: pairRows.map((r) => ({ a: r.a, b: r.b, count: Number(r.n) })),
      occurrences: new Map(occurrenceRows.map((r) => [r.item_id, Number(r.n)])),
    };
  }
}

/** positive → +p, negative → −p, anything else → 0; undefined without an answer. */
function sentimentScore(label: string, probability: number): number | undefined {
  if (!label) return undefined;
  if (label.toLowerCase().startsWith('pos')) return probability;
  if (label.toLowerCase().startsWith('neg')) return -probability;
  return 0;
}
