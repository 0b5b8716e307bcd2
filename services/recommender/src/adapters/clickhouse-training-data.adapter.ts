import { type AnalyticsStore, withLegacyTable } from '@demand/analytics-store';
import { type Interaction, type InteractionKind, type ItemInfo, KIND_CODE, type ServedList } from '@demand/recommend';
import { contentVectors } from '../domain/content-vectors.js';
import type { ItemVectors } from '../ports/item-vectors.port.js';
import type { TrainingData, TrainingDataSource } from '../ports/training-data.port.js';

const DAY_MS = 86_400_000;
const KINDS = Object.keys(KIND_CODE) as InteractionKind[];

export interface ClickHouseTrainingDataOptions {
  /** Days of behaviour history read, counted back from the newest event. */
  historyDays: number;
  /** Most events read (the newest are kept), so a huge shop cannot exhaust memory. */
  maxEvents: number;
  /** The time when there is no history at all (epoch ms). */
  clock: () => number;
  /** The encoder's item vectors (vector store); without them, vectors are hashed from catalog fields. */
  itemVectors?: ItemVectors;
}

/**
 * The shop's own history from the aggregator's tables (services/aggregator/migrations): behaviour
 * events of the last `historyDays` before the newest one, bot-flagged events left out, and the
 * catalog. Read-only; the aggregator owns and migrates the tables. Before the aggregator has
 * created them the shop has no history yet, and the data is empty.
 *
 * Content vectors are the encoder's from the vector store when it holds them for most of the
 * catalog (the window then ends in `:enc<n>`, the items that had one), else hashed from the
 * catalog fields (category path, brand, attributes, price).
 */
export class ClickHouseTrainingData implements TrainingDataSource {
  constructor(
    private readonly store: AnalyticsStore,
    private readonly options: ClickHouseTrainingDataOptions,
  ) {}

  async load(): Promise<TrainingData> {
    const tables = await this.store.query<{ name: string }>(
      `SELECT name FROM system.tables WHERE database = currentDatabase()
       AND name IN ('clean_events', 'items', 'recommender_served_lists')`,
    );
    const have = new Set(tables.map((t) => t.name));
    const { items, encoded } = have.has('items') ? await this.items() : { items: [], encoded: 0 };
    const newest = have.has('clean_events') ? await this.newestEvent() : undefined;
    const now = newest ?? this.options.clock();
    const from = now - this.options.historyDays * DAY_MS;
    const interactions = newest === undefined ? [] : await this.interactions(from, now);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const served = newest !== undefined && have.has('recommender_served_lists') ? await this.served(from, now) : [];
    const window = `ch:${day(from)}..${day(now)}:${interactions.length}ev${encoded > 0 ? `:enc${encoded}` : ''}`;
    return { items, interactions, now: now + 1, window, ...(served.length ? { served } : {}) };
  }

  private async newestEvent(): Promise<number | undefined> {
    const rows = await this.store.query<{ n: number | string; newest: string }>(
      `SELECT count() AS n, max(occurred_at) AS newest FROM clean_events
       WHERE kind IN {kinds:Array(String)} AND user_id != '' AND item_id != ''`,
      { kinds: KINDS },
    );
    return Number(rows[0]?.n ?? 0) > 0 ? Date.parse(rows[0]!.newest) : undefined;
  }

  private async interactions(from: number, to: number): Promise<Interaction[]> {
    const rows = await this.store.query<{
      user_id: string;
      item_id: string;
      kind: InteractionKind;
      session_id: string;
      at: number | string;
    }>(
      `SELECT user_id, item_id, kind, session_id, toUnixTimestamp64Milli(occurred_at) AS at
       FROM (
         SELECT * FROM clean_events FINAL
         WHERE kind IN {kinds:Array(String)} AND user_id != '' AND item_id != ''
           AND occurred_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
           AND occurred_at <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')
           AND NOT arrayExists(f -> startsWith(f, 'bot:'), flags)
         ORDER BY occurred_at DESC
         LIMIT {max:UInt64}
       )
       ORDER BY occurred_at, event_id`,
      { kinds: KINDS, from, to, max: this.options.maxEvents },
    );
    return rows.map((r) => ({
      user: r.user_id,
      item: r.item_id,
      kind: r.kind,
      at: Number(r.at),
      ...(r.session_id ? { session: r.session_id } : {}),
    }));
  }

  /**
   * The Recommend lists this service served in the window, once each: its own recommender_served_lists
   * table and, while it exists, the served_lists migration 002 replaced (it copied those lists, and
   * replicas of the release before may still log there). This release only; the next drops it.
   */
  private async served(from: number, to: number): Promise<ServedList[]> {
    const lists = await withLegacyTable(this.store, {
      table: 'recommender_served_lists',
      legacy: 'served_lists',
      select: (table) =>
        `SELECT recommendation_id, user_id, served_at, item_ids FROM ${table}
         WHERE method = 'recommend' AND user_id != ''
           AND served_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
           AND served_at <= fromUnixTimestamp64Milli({to:Int64}, 'UTC')`,
      oneRowPer: 'recommendation_id',
    });
    const rows = await this.store.query<{ user_id: string; at: number | string; item_ids: string[] }>(
      `SELECT user_id, toUnixTimestamp64Milli(served_at) AS at, item_ids FROM (${lists})
       ORDER BY served_at, recommendation_id
       LIMIT {max:UInt64}`,
      { from, to, max: this.options.maxEvents },
    );
    return rows.map((r) => ({ user: r.user_id, at: Number(r.at), items: r.item_ids }));
  }

  private async items(): Promise<{ items: ItemInfo[]; encoded: number }> {
    const rows = await this.store.query<{
      item_id: string;
      title: string;
      brand: string;
      category_path: string[];
      price: number;
      stock: number | string;
      attributes: Record<string, string>;
    }>(
      `SELECT item_id, argMax(title, updated_at) AS title, argMax(brand, updated_at) AS brand,
              argMax(category_path, updated_at) AS category_path, argMax(price, updated_at) AS price,
              argMax(stock, updated_at) AS stock, argMax(attributes, updated_at) AS attributes
       FROM items GROUP BY item_id ORDER BY item_id`,
    );
    const fields = rows.map((r) => ({ ...r, id: r.item_id, category: r.category_path }));
    const encoded = (await this.options.itemVectors?.vectors(fields.map((f) => f.id))) ?? new Map();
    const { vectors, encoded: used } = contentVectors(fields, encoded);
    const items = rows.map((r, i) => ({
      id: r.item_id,
      title: r.title,
      category: r.category_path,
      brand: r.brand,
      price: r.price,
      stock: Number(r.stock),
      vector: vectors[i]!,
    }));
    return { items, encoded: used };
  }
}
