import type { AnalyticsStore } from '@demand/analytics-store';
import {
  type InteractionKind,
  type ItemEvent,
  type ItemInfo,
  type PairCount,
  popularityPercentiles,
  type TextLanguage,
} from '@demand/segments';
import { USER_PROFILE_KINDS } from '../domain/profile-events.js';
import { storeOrder } from '../domain/user-histories.js';
import type { ProfileSnapshot, ProfileSource, TouchedSnapshot } from '../ports/profile-source.port.js';

const KINDS = USER_PROFILE_KINDS;

/** A profile event as `events` selects it, values in its column order. */
type EventRecord = [
  eventId: string,
  userId: string,
  itemId: string,
  sessionId: string,
  orderId: string,
  kind: InteractionKind,
  at: number | string,
  quantity: number,
  unitPrice: number,
  rating: number,
  label: string,
  probability: number,
];

/** Clean events that feed profiles: behaviour of a known user, not flagged by a bot rule. */
const PROFILE_EVENTS = `user_id != '' AND kind IN {kinds:Array(String)} AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)`;

/**
 * Profile inputs from the aggregator's tables (migrations/003–006): clean events without bot-flagged
 * ones (deduplicated by event id), review sentiments by the review's event id, and the catalog. The
 * catalog is kept here between reads: a touched refresh reads only the items upserted since. Reads by
 * user go through clean_events' user-ordered projection, reads by item through its own order.
 */
export class ClickHouseProfileSource implements ProfileSource {
  private readonly catalog = new Map<string, ItemInfo>();
  private catalogSince = '1970-01-01 00:00:00.000';

  /** `pageEvents`: about how many events one page of the full refresh holds. */
  constructor(
    private readonly store: AnalyticsStore,
    private readonly pageEvents = 100_000,
  ) {}

  async *readAll(): AsyncGenerator<ProfileSnapshot> {
    await this.readCatalogChanges();
    const popularity = popularityPercentiles(await this.viewCounts());
    for (const item of this.catalog.values()) item.popularity = popularity.get(item.itemId) ?? 0;
    const items = [...this.catalog.values()];
    for (const users of await this.pages('user_id')) {
      const events = await this.withTexts(await this.events([`user_id IN {users:Array(String)}`], { users }), users);
      yield { items, events, userIds: new Set(users), itemIds: new Set() };
    }
    for (const ids of await this.pages('item_id')) {
      const events = await this.events([`item_id IN {items:Array(String)}`], { items: ids });
      yield { items, events, userIds: new Set(), itemIds: new Set(ids) };
    }
    const [coViews, coBuys] = await Promise.all([this.pairs('view', 'session_id'), this.pairs('purchase', 'user_id')]);
    yield { items, events: [], userIds: new Set(), itemIds: new Set(), coViews, coBuys };
  }

  async readCatalog(): Promise<ItemInfo[]> {
    await this.readCatalogChanges();
    return [...this.catalog.values()];
  }

  async readTouched(userIds: readonly string[], itemIds: readonly string[]): Promise<TouchedSnapshot> {
    const events = userIds.length + itemIds.length === 0 ? [] : await this.touchedEvents(userIds, itemIds);
    return { events, userIds: new Set(userIds), itemIds: new Set(itemIds) };
  }

  private async touchedEvents(userIds: readonly string[], itemIds: readonly string[]): Promise<ItemEvent[]> {
    // A branch for an empty list is left out: the engine would still read the table for it.
    const filters = [];
    if (userIds.length > 0) filters.push(`user_id IN {users:Array(String)}`);
    if (itemIds.length > 0) filters.push(`item_id IN {items:Array(String)}`);
    return this.withTexts(await this.events(filters, { users: [...userIds], items: [...itemIds] }), userIds);
  }

  /**
   * The users' texts (user_texts, migration 008): the language of each of their searches and reviews,
   * and their customer-service dialog turns as events of their own.
   */
  private async withTexts(
    events: (ItemEvent & { eventId: string })[],
    userIds: readonly string[],
  ): Promise<ItemEvent[]> {
    if (userIds.length === 0) return events;
    const rows = await this.store.query<{
      event_id: string;
      user_id: string;
      session_id: string;
      kind: string;
      at: number | string;
      language: string;
    }>(
      `SELECT event_id, user_id, session_id, kind, toUnixTimestamp64Milli(occurred_at) AS at, language
       FROM user_texts WHERE user_id IN {users:Array(String)} LIMIT 1 BY event_id`,
      { users: [...userIds] },
    );
    const languages = new Map<string, TextLanguage>();
    const out: ItemEvent[] = events;
    for (const r of rows) {
      const language = r.language === 'zh' || r.language === 'en' ? r.language : undefined;
      if (r.kind === 'dialog_turn') {
        const turn: ItemEvent & { eventId: string } = {
          eventId: r.event_id,
          userId: r.user_id,
          kind: 'dialog_turn',
          at: Number(r.at),
        };
        if (r.session_id) turn.sessionId = r.session_id;
        if (language) turn.language = language;
        out.push(turn);
      } else if (language) languages.set(r.event_id, language);
    }
    for (const e of events) {
      const language = languages.get(e.eventId);
      if (language) e.language = language;
    }
    return out;
  }

  /** Views per item (distinct events), for popularity percentiles. */
  private async viewCounts(): Promise<Map<string, number>> {
    const rows = await this.store.query<{ item_id: string; n: number | string }>(
      `SELECT item_id, uniqExact(event_id) AS n FROM clean_events
       WHERE ${PROFILE_EVENTS} AND kind = 'view' AND item_id != '' GROUP BY item_id`,
      { kinds: KINDS },
    );
    return new Map(rows.map((r) => [r.item_id, Number(r.n)]));
  }

  /** Every user (item) id with profile events, cut into pages of about `pageEvents` events. */
  private async pages(column: 'user_id' | 'item_id'): Promise<string[][]> {
    const eventCounts = `SELECT ${column} AS id, count() AS n FROM clean_events WHERE ${PROFILE_EVENTS} AND ${column} != ''
       GROUP BY id`;
    // A user whose only events are customer-service turns has a profile too (withTexts reads them).
    const dialogCounts = `SELECT user_id AS id, count() AS n FROM user_texts WHERE kind = 'dialog_turn' AND user_id != ''
       GROUP BY id`;
    const rows = await this.store.query<{ id: string; n: number | string }>(
      column === 'user_id'
        ? `SELECT id, sum(n) AS n FROM (${eventCounts} UNION ALL ${dialogCounts}) GROUP BY id ORDER BY id`
        : `${eventCounts} ORDER BY id`,
      { kinds: KINDS },
    );
    const pages: string[][] = [];
    let page: string[] = [];
    let events = 0;
    for (const { id, n } of rows) {
      page.push(id);
      events += Number(n);
      if (events >= this.pageEvents) {
        pages.push(page);
        page = [];
        events = 0;
      }
    }
    if (page.length > 0) pages.push(page);
    return pages;
  }

  /** Profile events matching any of `filters` (each read on its own, so each can use its sort order). */
  private async events(
    filters: readonly string[],
    params: Record<string, unknown> = {},
  ): Promise<(ItemEvent & { eventId: string })[]> {
    const branches = filters.map(
      (
        filter,
      ) => `SELECT event_id, user_id, item_id, session_id, order_id, kind, occurred_at, quantity, unit_price, rating
         FROM clean_events WHERE ${PROFILE_EVENTS} AND ${filter}`,
    );
    const rows = await this.store.queryCompact<EventRecord>(
      `SELECT e.event_id AS event_id, e.user_id AS user_id, e.item_id AS item_id, e.session_id AS session_id, e.order_id AS order_id,
              e.kind AS kind, toUnixTimestamp64Milli(e.occurred_at) AS at, e.quantity AS quantity,
              e.unit_price AS unit_price, e.rating AS rating, s.label AS label, s.probability AS probability
       FROM (SELECT * FROM (${branches.join(' UNION ALL ')}) LIMIT 1 BY event_id) AS e
       LEFT JOIN (SELECT event_id, label, probability FROM review_sentiments LIMIT 1 BY event_id) AS s
         ON s.event_id = e.event_id`,
      { ...params, kinds: KINDS },
    );
    // Put in the store's order (time, then event id) here, not by an ORDER BY: the engine sorted every column of
    // the result, and the read cost ≈ 1.3× the process CPU it costs with this sort (docs/benchmarks.md, session 15).
    const events = rows.map(
      ([eventId, userId, itemId, sessionId, orderId, kind, at, quantity, unitPrice, rating, label, p]) => {
        const e: ItemEvent & { eventId: string } = { eventId, userId, kind, at: Number(at) };
        if (itemId) e.itemId = itemId;
        if (sessionId) e.sessionId = sessionId;
        if (orderId) e.orderId = orderId;
        if (kind === 'add_to_cart' || kind === 'purchase') {
          e.quantity = Number(quantity) || 1;
          e.unitPrice = Number(unitPrice);
        }
        if (kind === 'review') {
          if (Number(rating) > 0) e.rating = Number(rating);
          const sentiment = sentimentScore(label, Number(p));
          if (sentiment !== undefined) e.sentiment = sentiment;
        }
        return e;
      },
    );
    return events.sort(storeOrder);
  }

  /** Items upserted since the last read, into the catalog kept here. */
  private async readCatalogChanges(): Promise<void> {
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
