import { Topics } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import type { CatalogTerms } from '../domain/catalog-terms.js';

/**
 * Feeds the entity dictionary from catalog.items.v1, read whole at start and then followed, so
 * every embedder replica knows every brand, category and attribute value (the items' vectors are
 * still built by the replica whose partitions carry their item_upsert).
 */
export async function followCatalogTerms(bus: EventBus, terms: CatalogTerms): Promise<void> {
  await bus.follow({
    topic: Topics.catalogItems,
    groupPrefix: 'embedder-catalog',
    handle: async (batch) => {
      for (const record of batch) terms.addItem(record.value);
    },
  });
}
