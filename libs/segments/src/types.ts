/** What the profile math reads about one user action: the columns the aggregator keeps per event. */
export type InteractionKind =
  | 'view'
  | 'click'
  | 'add_to_cart'
  | 'remove_from_cart'
  | 'purchase'
  | 'review'
  | 'search'
  /** One turn of a customer-service conversation (a conversation is one session). */
  | 'dialog_turn';

/** The language a text (search query, review, service dialog) is written in, as `textLanguage` tells it. */
export type TextLanguage = 'zh' | 'en';

export interface UserEvent {
  kind: InteractionKind;
  /** When it happened, epoch milliseconds. */
  at: number;
  /** The item, for item events (not for searches). */
  itemId?: string;
  sessionId?: string;
  /** Purchases: order id (one order may hold several lines). */
  orderId?: string;
  /** Cart and purchase lines. */
  quantity?: number;
  /** Cart and purchase lines: the price paid per unit (a discount shows as unitPrice below the list price). */
  unitPrice?: number;
  /** Reviews: 1..5 stars. */
  rating?: number;
  /** Reviews: sentiment score in -1..1 when the text analysis supplied one. */
  sentiment?: number;
  /** Searches, reviews and dialog turns with a text: its language. */
  language?: TextLanguage;
}

/** What the profile math needs to know about an item (from the catalog topic). */
export interface ItemInfo {
  itemId: string;
  /** Root first, e.g. ["服装", "女装", "连衣裙"]. */
  categoryPath: readonly string[];
  brand: string;
  /** List price. */
  price: number;
  /** Where the item ranks by popularity among all items, 0 (least) .. 1 (most); see `popularityPercentiles`. */
  popularity?: number;
  /** An embedding of the item (text or collaborative), any fixed width; used for the taste vector. */
  vector?: ArrayLike<number>;
}

export type ItemLookup = (itemId: string) => ItemInfo | undefined;

export const DAY_MS = 86_400_000;
