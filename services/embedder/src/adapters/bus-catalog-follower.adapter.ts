import { Topics } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import type { CatalogTerms } from '../domain/catalog-terms.js';
import { itemDocument } from '../domain/item-document.js';
import type { KeywordIndex } from '../domain/keyword-ranking.js';
import { modelText } from '../domain/model-text.js';

/**
 * Feeds the entity dictionary from catalog.items.v1, read whole at start and then followed, so
 * every embedder replica knows every brand, category and attribute value (the items' vectors are
 * still built by the replica whose partitions carry their item_upsert), and the word-match index
 * that SemanticSearch fuses with the vector ranking holds every item's document.
 */
export async function followCatalog(bus: EventBus, terms: CatalogTerms, keywords: KeywordIndex): Promise<void> {
  await bus.follow({
    topic: Topics.catalogItems,
    groupPrefix: 'embedder-catalog',
    handle: async (batch) => {
      for (const record of batch) {
        terms.addItem(record.value);
        keywords.upsert(record.value.itemId, modelText(itemDocument(record.value)));
      }
    },
  });
}
