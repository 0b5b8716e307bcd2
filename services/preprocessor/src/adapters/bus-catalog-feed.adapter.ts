import { type ItemUpsert, Topics } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import type { CatalogFeed } from '../ports/catalog-feed.port.js';

/** The catalog feed on the compacted catalog.items.v1, each replica reading it in a group of its own. */
export class BusCatalogFeed implements CatalogFeed {
  constructor(private readonly bus: EventBus) {}

  publish(items: readonly ItemUpsert[]): Promise<void> {
    return this.bus.publish(Topics.catalogItems, items);
  }

  async follow(learn: (items: readonly ItemUpsert[]) => void): Promise<void> {
    await this.bus.follow({
      topic: Topics.catalogItems,
      groupPrefix: 'preprocessor-catalog',
      handle: async (batch) => learn(batch.map((record) => record.value)),
    });
  }
}
