/** Daily demand of one node of the shop's tree and the behaviour that drives it, oldest day first. */
export interface DailyDemand {
  /** YYYY-MM-DD (UTC), every day of the range, none missing. */
  days: string[];
  units: number[];
  views: number[];
  goodReviews: number[];
  badReviews: number[];
  /** Add-to-cart events. */
  carts: number[];
  /** Money paid (sum of quantity × unit price of the paid order lines); with units, the average price paid. */
  revenue: number[];
  /**
   * Share of the node's items out of stock (catalog stock ≤ 0), time-weighted over each day: 0..1;
   * an item's 1 means it could not be bought all day, so its 0 units that day are not demand.
   */
  outOfStock: number[];
}

/** One item's daily demand and drivers, with the top-level category it belongs to ('' when none). */
export interface ItemDemand extends Omit<DailyDemand, 'days'> {
  itemId: string;
  category: string;
}

/** One user's daily behaviour counts over a range of days. */
export interface UserActivity {
  userId: string;
  views: number[];
  carts: number[];
  purchases: number[];
}

/** What a purchase is predicted of: anything (undefined), one item, or any item of a top-level category. */
export type PropensityFocus = { itemId: string } | { category: string };

export type DemandNode =
  | { level: 'item'; itemId: string }
  | { level: 'category'; category: string }
  | { level: 'shop' };

/** Read side of the platform's daily aggregates, as the forecaster needs them. */
export interface DemandSeriesSource {
  /** Undefined when the item or category is unknown. Days with no events are zeros. */
  dailyDemand(node: DemandNode, fromDay: string, toDay: string): Promise<DailyDemand | undefined>;
  /** Every item the shop knows or sold in the range, each with its daily demand over `days`. */
  itemsDemand(fromDay: string, toDay: string): Promise<{ days: string[]; items: ItemDemand[] }>;
  /**
   * Activity of the given users (all users active in the range when `userIds` is undefined);
   * with `focus`, only their views, carts and purchases of that item or of items in that top-level category.
   */
  userActivity(
    fromDay: string,
    toDay: string,
    userIds?: readonly string[],
    focus?: PropensityFocus,
  ): Promise<UserActivity[]>;
}
