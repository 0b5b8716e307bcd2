import type { ItemUpsert } from '@demand/contracts';
import { itemDocument } from './item-document.js';
import { KeywordIndex } from './keyword-ranking.js';
import { modelText } from './model-text.js';

/**
 * The whole catalog as catalog.items.v1 holds it (latest upsert per item): the word-match index
 * item searches fuse with the vector ranking, and what a new encoder re-embeds before it serves.
 */
export class CatalogItems {
  readonly keywords = new KeywordIndex();
  private readonly items = new Map<string, ItemUpsert>();

  upsert(item: ItemUpsert): void {
    if (!item.itemId) return;
    this.items.set(item.itemId, item);
    this.keywords.upsert(item.itemId, modelText(itemDocument(item)));
  }

  all(): ItemUpsert[] {
    return [...this.items.values()];
  }
}
