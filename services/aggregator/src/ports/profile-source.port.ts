import type { ItemEvent, ItemInfo, PairCount } from '@demand/segments';

/** What one profile refresh reads from the store, in bulk (one query per part, never one per user). */
export interface ProfileSnapshot {
  /** The catalog, with popularity percentiles from view counts. */
  items: ItemInfo[];
  /** Events of the users asked for (all users when none were named), each event with its user. */
  events: ItemEvent[];
  /**
   * When set, only these users (items) are recomputed: the events hold all of theirs, and partial
   * histories of others (a touched item's other users) that must not replace those users' profiles.
   */
  userIds?: ReadonlySet<string>;
  itemIds?: ReadonlySet<string>;
  /** Co-view (same session) and co-buy (same user) pair counts, with each item's own counts. */
  coViews?: { pairs: PairCount[]; occurrences: Map<string, number> };
  coBuys?: { pairs: PairCount[]; occurrences: Map<string, number> };
}

/** A touched read: the events of the ids it names, without the catalog. */
export type TouchedSnapshot = Omit<ProfileSnapshot, 'items' | 'coViews' | 'coBuys'>;

/** Reads what profiles are computed from. */
export interface ProfileSource {
  /**
   * Everything (scheduled full refresh), a page at a time so that no more than a page of events
   * is held: pages of users and pages of items (each naming the ids it recomputes, with all of
   * their events), then one page with the co-view/co-buy counts and no events.
   */
  readAll(): AsyncIterable<ProfileSnapshot>;
  /** The catalog, read once per touched refresh (its pages share it). */
  readCatalog(): Promise<ItemInfo[]>;
  /** Events of these users and of these items only (refresh after an ingest); the catalog is read apart. */
  readTouched(userIds: readonly string[], itemIds: readonly string[]): Promise<TouchedSnapshot>;
}
