import { Topics } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import type { CatalogTerms } from '../domain/catalog-terms.js';
import type { CatalogItems } from '../domain/catalog-items.js';

/**
 * Feeds the entity dictionary from catalog.items.v1, read whole at start and then followed, so
 * every embedder replica knows every brand, category and attribute value (the items' vectors are
 * still built by the replica whose partitions carry their item_upsert), and every replica's
 * CatalogItems (word-match search, re-embedding for a new encoder) holds the whole catalog.
 */
export async function followCatalog(bus: EventBus, terms: CatalogTerms, items: CatalogItems): Promise<void> {
  await bus.follow({
    topic: Topics.catalogItems,
    groupPrefix: 'embedder-catalog',
    handle: async (batch) => {
      for (const record of batch) {
        terms.addItem(record.value);
        items.upsert(record.value);
      }
    },
  });
}
