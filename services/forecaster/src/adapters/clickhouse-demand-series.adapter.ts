import type { AnalyticsStore } from '@demand/analytics-store';
import type {
  DailyDemand,
  DemandNode,
  DemandSeriesSource,
  ItemDemand,
  PropensityFocus,
  UserActivity,
} from '../ports/demand-series.port.js';
import { dayRange } from '../domain/demand-periods.js';
import { emptyDemand, emptyItem } from '../domain/demand-tree.js';
import { nodeStockOutShare, type StockChange, stockOutShare } from '../domain/stock-outs.js';

/**
 * Reads the aggregates the aggregator keeps in ClickHouse (item_hourly, items, clean_events; see
 * services/aggregator/migrations). Read-only: the aggregator owns and migrates these tables.
 * item_hourly holds exact states (distinct event ids, the set of paid order lines), so a day's
 * figures are merged from its hours; bot traffic is already left out there.
 */
export class ClickHouseDemandSeries implements DemandSeriesSource {
  constructor(private readonly store: AnalyticsStore) {}

  async dailyDemand(node: DemandNode, fromDay: string, toDay: string): Promise<DailyDemand | undefined> {
    const filter =
      node.level === 'item'
        ? 'item_id = {id:String}'
        : node.level === 'category'
          ? 'item_id IN (SELECT item_id FROM items FINAL WHERE category_path[1] = {id:String})'
          : '1';
    const id = node.level === 'item' ? node.itemId : node.level === 'category' ? node.category : '';
    if (node.level !== 'shop') {
      const known = await this.store.query<{ n: number | string }>(
        node.level === 'item'
          ? 'SELECT count() AS n FROM items WHERE item_id = {id:String}'
          : 'SELECT count() AS n FROM items FINAL WHERE category_path[1] = {id:String}',
        { id },
      );
      if (Number(known[0]?.n ?? 0) === 0) return undefined;
    }
    const params = { id, fromDay, toDay };
    const rows = await this.store.query<DailyFiguresRow>(dailyFigures(filter, false), params);
    const days = dayRange(fromDay, toDay);
    const index = new Map(days.map((d, i) => [d, i]));
    const out: DailyDemand = { days, ...emptyDemand(days.length) };
    const [stock, counted] = await Promise.all([
      this.stockChanges(filter, toDay, { id }),
      this.store.query<{ n: number | string }>(`SELECT count() AS n FROM items FINAL WHERE ${filter}`, { id }),
    ]);
    out.outOfStock = nodeStockOutShare(
      [...stock.values()].map((changes) => stockOutShare(changes, days)),
      Number(counted[0]?.n ?? 0),
      days.length,
    );
    for (const r of rows) {
      const i = index.get(r.d);
      if (i !== undefined) setDay(out, i, r);
    }
    return out;
  }

  async itemsDemand(fromDay: string, toDay: string): Promise<{ days: string[]; items: ItemDemand[] }> {
    const params = { fromDay, toDay };
    const known = await this.store.query<{ item_id: string; category: string }>(
      'SELECT item_id, category_path[1] AS category FROM items FINAL',
    );
    const rows = await this.store.query<DailyFiguresRow & { item_id: string }>(
      dailyFigures("item_id != ''", true),
      params,
    );
    const days = dayRange(fromDay, toDay);
    const index = new Map(days.map((d, i) => [d, i]));
    const items = new Map<string, ItemDemand>();
    const item = (itemId: string, category = '') => {
      let out = items.get(itemId);
      if (!out) {
        out = emptyItem(itemId, category, days.length);
        items.set(itemId, out);
      }
      return out;
    };
    for (const r of known) item(r.item_id, r.category);
    for (const [itemId, changes] of await this.stockChanges("item_id != ''", toDay, {}))
      item(itemId).outOfStock = stockOutShare(changes, days);
    for (const r of rows) {
      const i = index.get(r.d);
      if (i !== undefined) setDay(item(r.item_id), i, r);
    }
    return { days, items: [...items.values()].sort((a, b) => a.itemId.localeCompare(b.itemId)) };
  }

  /** Every stock level set up to the end of `toDay` for the items the filter selects, by item. */
  private async stockChanges(
    filter: string,
    toDay: string,
    params: Record<string, string>,
  ): Promise<Map<string, StockChange[]>> {
    const rows = await this.store.query<{ item_id: string; at: number | string; stock: number | string }>(
      `SELECT item_id, toUnixTimestamp64Milli(updated_at) AS at, stock FROM item_stock_history FINAL
       WHERE ${filter} AND toDate(updated_at) <= toDate({toDay:String})`,
      { ...params, toDay },
    );
    const out = new Map<string, StockChange[]>();
    for (const r of rows) {
      const changes = out.get(r.item_id) ?? [];
      changes.push({ at: Number(r.at), stock: Number(r.stock) });
      out.set(r.item_id, changes);
    }
    return out;
  }

  async userActivity(
    fromDay: string,
    toDay: string,
    userIds?: readonly string[],
    focus?: PropensityFocus,
  ): Promise<UserActivity[]> {
    const focusFilter = !focus
      ? ''
      : 'itemId' in focus
        ? 'AND item_id = {focus:String}'
        : 'AND item_id IN (SELECT item_id FROM items FINAL WHERE category_path[1] = {focus:String})';
    const focusParam = !focus ? {} : { focus: 'itemId' in focus ? focus.itemId : focus.category };
    const rows = await this.store.query<{
      user_id: string;
      d: string;
      views: number | string;
      carts: number | string;
      purchases: number | string;
    }>(
      `SELECT user_id, toString(toDate(occurred_at)) AS d,
              countIf(kind = 'view') AS views, countIf(kind = 'add_to_cart') AS carts, countIf(kind = 'purchase') AS purchases
       FROM clean_events FINAL
       WHERE user_id != '' AND toDate(occurred_at) >= toDate({fromDay:String}) AND toDate(occurred_at) <= toDate({toDay:String})
         ${userIds ? 'AND user_id IN {users:Array(String)}' : ''} ${focusFilter}
       GROUP BY user_id, d`,
      { fromDay, toDay, ...(userIds ? { users: [...userIds] } : {}), ...focusParam },
    );
    const days = dayRange(fromDay, toDay);
    const index = new Map(days.map((d, i) => [d, i]));
    const users = new Map<string, UserActivity>();
    for (const r of rows) {
      const i = index.get(r.d);
      if (i === undefined) continue;
      let u = users.get(r.user_id);
      if (!u) {
        const zeros = () => new Array<number>(days.length).fill(0);
        users.set(r.user_id, (u = { userId: r.user_id, views: zeros(), carts: zeros(), purchases: zeros() }));
      }
      u.views[i] = Number(r.views);
      u.carts[i] = Number(r.carts);
      u.purchases[i] = Number(r.purchases);
    }
    return [...users.values()];
  }
}

/**
 * Daily units, views, carts, money paid and good/bad reviews merged from item_hourly's exact states (distinct event
 * ids, the set of paid order lines) over {fromDay}..{toDay}; `perItem` keeps items apart.
 */
/** One day's figures as `dailyFigures` selects them (ClickHouse may send counts as strings). */
interface DailyFiguresRow {
  d: string;
  units: number | string;
  views: number | string;
  good: number | string;
  bad: number | string;
  carts: number | string;
  revenue: number | string;
}

function setDay(out: Omit<DailyDemand, 'days' | 'outOfStock'>, i: number, r: DailyFiguresRow): void {
  out.units[i] = Number(r.units);
  out.views[i] = Number(r.views);
  out.goodReviews[i] = Number(r.good);
  out.badReviews[i] = Number(r.bad);
  out.carts[i] = Number(r.carts);
  out.revenue[i] = Number(r.revenue);
}

function dailyFigures(filter: string, perItem: boolean): string {
  const key = perItem ? 'item_id, ' : '';
  return `SELECT ${key}d, sum(units) AS units, sumIf(n, kind = 'view') AS views, sum(good) AS good, sum(bad) AS bad,
           sumIf(n, kind = 'add_to_cart') AS carts, sum(revenue) AS revenue
    FROM (
      SELECT ${key}toString(toDate(hour)) AS d, kind, uniqExactMerge(events) AS n,
             arraySum(line -> line.2, groupUniqArrayMerge(paid)) AS units,
             arraySum(line -> line.2 * line.3, groupUniqArrayMerge(paid)) AS revenue,
             uniqExactMerge(good_reviews) AS good, uniqExactMerge(bad_reviews) AS bad
      FROM item_hourly
      WHERE ${filter} AND toDate(hour) >= toDate({fromDay:String}) AND toDate(hour) <= toDate({toDay:String})
      GROUP BY ${key}d, kind
    )
    GROUP BY ${key}d ORDER BY ${key}d`;
}
