import type { ItemUpsert } from '@demand/contracts';

/**
 * The catalog every replica shares (catalog.items.v1): the items any replica accepted reach all
 * of them, so `unknown_item`, prices and the dictionary do not depend on which replica got the
 * item_upsert. Read whole at start, it also replaces any local copy across restarts.
 */
export interface CatalogFeed {
  /** Publishes accepted items (prices in the base currency); resolves once they are durable. */
  publish(items: readonly ItemUpsert[]): Promise<void>;
  /**
   * Hands `learn` every item on the feed, then those published later by any replica; resolves
   * once the items there at the call are learned.
   */
  follow(learn: (items: readonly ItemUpsert[]) => void): Promise<void>;
}

export const CATALOG_FEED = Symbol('CatalogFeed');
