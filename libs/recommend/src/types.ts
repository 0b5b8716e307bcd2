/** What a shopper did with an item; the behaviour kinds the recommender learns from. */
export type InteractionKind = 'view' | 'click' | 'add_to_cart' | 'remove_from_cart' | 'purchase';

export interface Interaction {
  user: string;
  item: string;
  kind: InteractionKind;
  /** Epoch milliseconds. */
  at: number;
  /** Browsing session, when known; otherwise sessions are cut at 30 minutes of silence. */
  session?: string;
}

/** What the recommender knows about an item (the catalog plus its content vector). */
export interface ItemInfo {
  id: string;
  title: string;
  /** Root first, e.g. ["Food", "Snacks", "Nuts"]. */
  category: readonly string[];
  brand: string;
  price: number;
  stock: number;
  /** Content embedding (e.g. BERT from the vector store); any length, same for every item. */
  vector?: ArrayLike<number>;
  /** When the item entered the catalog (epoch ms); unknown = long ago. */
  addedAt?: number;
}

export type SourceName =
  | 'als'
  | 'item_cf'
  | 'session'
  | 'content'
  | 'popular'
  | 'trending'
  | 'new_arrivals'
  | 'viewed_not_bought'
  | 'replenish'
  | 'complements';

export const SOURCE_NAMES: readonly SourceName[] = [
  'als',
  'item_cf',
  'session',
  'content',
  'popular',
  'trending',
  'new_arrivals',
  'viewed_not_bought',
  'replenish',
  'complements',
];

/** Why an item is recommended, in words, with the item it hangs on when there is one. */
export interface Reason {
  source: SourceName;
  text: string;
  /** Index of the item the reason refers to ("because you viewed …"). */
  anchor?: number;
}

export interface Candidate {
  /** Item index in the dataset. */
  item: number;
  score: number;
  reason: Reason;
}

/** Who asks and where: the user's index (−1 = unknown to the model) and the page's item, if any. */
export interface RecContext {
  user: number;
  /** Epoch ms of the request. */
  now: number;
  /** Item on the page (detail page, cart), or −1. */
  currentItem?: number;
  /** Recent items of a user the model has not trained on (session history), newest last. */
  recentItems?: readonly number[];
  /** What the user did since the events the model trained on (the service's live history). */
  live?: LiveBehaviour;
}

/** A user's behaviour newer than the model's training data, in the model's item indices. */
export interface LiveBehaviour {
  /** Items bought since: left out, even when due for replenishment (that source knows only the trained ones). */
  bought: readonly number[];
  /**
   * The user's newest event time since (epoch ms), raised by every event taken in, a late one too;
   * a stored list scored with an older stamp is not served.
   */
  changedAt: number;
  /** Items engaged with since (removals from the cart aside), newest last: a known user's first anchors. */
  items?: readonly number[];
  /** The kind of each of `items` (KIND_CODE). */
  kinds?: readonly number[];
}

/** Every candidate source has this shape: trained on a dataset, asked for n scored items with reasons. */
export interface CandidateSource {
  readonly name: SourceName;
  candidates(context: RecContext, n: number): Candidate[];
}
