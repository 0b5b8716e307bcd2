import type { KnownItem } from '../domain/catalog-view.js';

/**
 * The catalog view kept across restarts: items learned from item_upsert events are saved as
 * they arrive and loaded at start-up, so the view does not start empty after a restart.
 */
export interface CatalogSnapshot {
  load(): Promise<KnownItem[]>;
  /** Saves (replaces) these items. */
  save(items: readonly KnownItem[]): Promise<void>;
}

export const CATALOG_SNAPSHOT = Symbol('CatalogSnapshot');
