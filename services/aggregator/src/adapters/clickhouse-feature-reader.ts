import type { AnalyticsStore } from '@demand/analytics-store';
import {
  abandonedCart,
  browsedNotBought,
  funnel,
  priceStats,
  repeatPurchaseIntervals,
  rfm,
  WINDOW_NAMES,
  windowHours,
  type Funnel,
  type Paid,
  type PriceStats,
  type PurchaseRecord,
  type RepeatPurchase,
  type Rfm,
  type UserItemState,
  type WindowName,
} from '../domain/features.js';

export type FeatureEntity = 'item' | 'user' | 'category';

export interface WindowFeatures {
  window: WindowName;
  /** Events by kind (snake_case kind names). */
  counts: Record<string, number>;
  funnel: Funnel;
  price: PriceStats;
  reviews: { good: number; bad: number };
}

export interface CoCount {
  itemId: string;
  sessions: number;
}

/** The leaf of an item's category path is its category. */
const CATEGORY_OF_ITEM = "if(empty(category_path), '', category_path[-1])";

/** Events a bot rule flagged stay in clean_events for audit and count in no feature. */
const NOT_BOT = "NOT arrayExists(f -> startsWith(f, 'bot:'), flags)";

/**
 * Rows with an `hour` for the windows: an item's or a category's item_hourly states, or a user's clean
 * events (read through the user-ordered projection: only columns it holds, the user's key inside).
 */
function windowSource(entity: FeatureEntity): string {
  if (entity === 'item') return '(SELECT * FROM item_hourly WHERE item_id = {id:String})';
  if (entity === 'category') {
    return `(SELECT * FROM item_hourly
             WHERE item_id IN (SELECT item_id FROM items FINAL WHERE ${CATEGORY_OF_ITEM} = {id:String}))`;
  }
  return `(SELECT event_id, kind, quantity, unit_price, rating, toStartOfHour(occurred_at) AS hour FROM clean_events
           WHERE user_id = {id:String} AND ${NOT_BOT})`;
}

/**
 * Reads features: windowed counts, funnels, money and reviews per item, user or category; RFM,
 * repeat-purchase intervals and basket sets per user; co-view and co-purchase counts. Items and
 * categories read item_hourly's states (migration 003); everything per user and the co-counts read
 * clean_events through its two orders (item and day; user and time, projection `by_user`), each event
 * once by its id (migration 007 explains why those views went).
 */
export class ClickHouseFeatureReader {
  constructor(private readonly store: AnalyticsStore) {}

  async windows(entity: FeatureEntity, id: string, asOf: Date): Promise<WindowFeatures[]> {
    const params: Record<string, unknown> = { id };
    const columns: string[] = [];
    for (const w of WINDOW_NAMES) {
      const { from } = windowHours(asOf, w);
      params[`from_${w}`] = Math.floor(from.getTime() / 1000);
      const inWindow = `hour >= toDateTime({from_${w}:UInt32}, 'UTC')`;
      columns.push(
        entity === 'user'
          ? `uniqExactIf(event_id, ${inWindow}) AS events_${w},
             groupUniqArrayIf((event_id, quantity, unit_price), kind = 'purchase' AND ${inWindow}) AS paid_${w},
             uniqExactIf(event_id, kind = 'review' AND rating >= 4 AND ${inWindow}) AS good_${w},
             uniqExactIf(event_id, kind = 'review' AND rating BETWEEN 1 AND 2 AND ${inWindow}) AS bad_${w}`
          : `uniqExactMergeIf(events, ${inWindow}) AS events_${w}, groupUniqArrayMergeIf(paid, ${inWindow}) AS paid_${w},
             uniqExactMergeIf(good_reviews, ${inWindow}) AS good_${w}, uniqExactMergeIf(bad_reviews, ${inWindow}) AS bad_${w}`,
      );
    }
    const { from, to } = windowHours(asOf, '30d');
    params.from = Math.floor(from.getTime() / 1000);
    params.to = Math.floor(to.getTime() / 1000);
    const rows = await this.store.query<Record<string, unknown> & { kind: string }>(
      `SELECT kind, ${columns.join(', ')} FROM ${windowSource(entity)}
       WHERE hour BETWEEN toDateTime({from:UInt32}, 'UTC') AND toDateTime({to:UInt32}, 'UTC')
       GROUP BY kind ORDER BY kind`,
      params,
    );
    return WINDOW_NAMES.map((w) => {
      const counts: Record<string, number> = {};
      const paid: Paid[] = [];
      let good = 0;
      let bad = 0;
      for (const row of rows) {
        const n = Number(row[`events_${w}`]);
        if (n > 0) counts[row.kind] = n;
        paid.push(...(row[`paid_${w}`] as Paid[]));
        good += Number(row[`good_${w}`]);
        bad += Number(row[`bad_${w}`]);
      }
      return { window: w, counts, funnel: funnel(counts), price: priceStats(paid), reviews: { good, bad } };
    });
  }

  /**
   * Reviews by the embedder's sentiment label (positive / neutral / negative) per window, for an
   * item or a user; reviews the embedder has not judged are not counted here (the rating rule
   * of `windows()` counts every review).
   */
  async reviewSentiments(
    entity: 'item' | 'user',
    id: string,
    asOf: Date,
  ): Promise<{ window: WindowName; labels: Record<string, number> }[]> {
    const params: Record<string, unknown> = { id };
    const columns = WINDOW_NAMES.map((w) => {
      params[`from_${w}`] = Math.floor(windowHours(asOf, w).from.getTime() / 1000);
      return `uniqExactIf(event_id, toStartOfHour(occurred_at) >= toDateTime({from_${w}:UInt32}, 'UTC')) AS n_${w}`;
    });
    params.from = params['from_30d'];
    params.to = Math.floor(windowHours(asOf, '1h').to.getTime() / 1000) + 3600;
    const rows = await this.store.query<Record<string, unknown> & { label: string }>(
      `SELECT label, ${columns.join(', ')} FROM review_sentiments
       WHERE ${entity === 'user' ? 'user_id' : 'item_id'} = {id:String}
         AND occurred_at >= toDateTime({from:UInt32}, 'UTC') AND occurred_at < toDateTime({to:UInt32}, 'UTC')
       GROUP BY label ORDER BY label`,
      params,
    );
    return WINDOW_NAMES.map((w) => ({
      window: w,
      labels: Object.fromEntries(
        rows.filter((r) => Number(r[`n_${w}`]) > 0).map((r) => [r.label, Number(r[`n_${w}`])]),
      ),
    }));
  }

  /** A user's purchases, each once, with the category of the item when the catalog knows it. */
  async purchases(userId: string): Promise<PurchaseRecord[]> {
    const rows = await this.store.query<{
      occurred_at: string;
      event_id: string;
      order_id: string;
      quantity: number;
      unit_price: number;
      category: string;
    }>(
      `SELECT p.occurred_at AS occurred_at, p.event_id AS event_id, p.order_id AS order_id, p.quantity AS quantity,
              p.unit_price AS unit_price, c.category AS category
       FROM (SELECT event_id, occurred_at, order_id, item_id, quantity, unit_price FROM clean_events
             WHERE user_id = {userId:String} AND kind = 'purchase' AND ${NOT_BOT} LIMIT 1 BY event_id) AS p
       LEFT JOIN (SELECT item_id, ${CATEGORY_OF_ITEM} AS category FROM items FINAL) AS c ON c.item_id = p.item_id
       ORDER BY p.occurred_at, p.event_id`,
      { userId },
    );
    return rows.map((r) => ({
      occurredAt: new Date(r.occurred_at),
      eventId: r.event_id,
      orderId: r.order_id,
      quantity: Number(r.quantity),
      unitPrice: Number(r.unit_price),
      category: r.category,
    }));
  }

  async rfm(userId: string, asOf: Date): Promise<Rfm> {
    return rfm(await this.purchases(userId), asOf);
  }

  async repeatPurchases(userId: string): Promise<RepeatPurchase[]> {
    return repeatPurchaseIntervals(await this.purchases(userId));
  }

  async userItems(userId: string): Promise<UserItemState[]> {
    const rows = await this.store.query<{ item_id: string; v: number; c: number; r: number; p: number }>(
      `SELECT item_id, toUnixTimestamp64Milli(maxIf(occurred_at, kind IN ('view', 'click'))) AS v,
              toUnixTimestamp64Milli(maxIf(occurred_at, kind = 'add_to_cart')) AS c,
              toUnixTimestamp64Milli(maxIf(occurred_at, kind = 'remove_from_cart')) AS r,
              toUnixTimestamp64Milli(maxIf(occurred_at, kind = 'purchase')) AS p
       FROM clean_events
       WHERE user_id = {userId:String} AND item_id != '' AND ${NOT_BOT}
         AND kind IN ('view', 'click', 'add_to_cart', 'remove_from_cart', 'purchase')
       GROUP BY item_id ORDER BY item_id`,
      { userId },
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      lastView: Number(r.v),
      lastCart: Number(r.c),
      lastRemove: Number(r.r),
      lastPurchase: Number(r.p),
    }));
  }

  async baskets(userId: string): Promise<{ browsedNotBought: string[]; abandonedCart: string[] }> {
    const items = await this.userItems(userId);
    return {
      browsedNotBought: items.filter(browsedNotBought).map((s) => s.itemId),
      abandonedCart: items.filter(abandonedCart).map((s) => s.itemId),
    };
  }

  /**
   * Items seen (`view`) or bought (`purchase`) in the same sessions as `itemId`, by how many sessions.
   * The item's sessions come from the table's item order; the other items of those sessions through the
   * user-ordered projection, by the users of those sessions (a session belongs to one user).
   */
  async coCounts(itemId: string, kind: 'view' | 'purchase', limit = 20): Promise<CoCount[]> {
    const sessionsOfItem = `SELECT user_id, session_id FROM clean_events
       WHERE item_id = {itemId:String} AND kind = {kind:String} AND session_id != '' AND ${NOT_BOT}`;
    const rows = await this.store.query<{ item_id: string; sessions: number }>(
      `SELECT item_id, uniqExact(session_id) AS sessions FROM clean_events
       WHERE user_id IN (SELECT user_id FROM (${sessionsOfItem}))
         AND session_id IN (SELECT session_id FROM (${sessionsOfItem}))
         AND kind = {kind:String} AND item_id != {itemId:String} AND item_id != '' AND ${NOT_BOT}
       GROUP BY item_id ORDER BY sessions DESC, item_id LIMIT {limit:UInt32}`,
      { itemId, kind, limit },
    );
    return rows.map((r) => ({ itemId: r.item_id, sessions: Number(r.sessions) }));
  }
}
