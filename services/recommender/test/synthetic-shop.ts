import { catalogTokens, hashedVector, type Interaction, type InteractionKind } from '@demand/recommend';
import { createShop } from '@demand/testkit';
import type { TrainingData, TrainingDataSource } from '../src/ports/training-data.port.js';

const KINDS: Record<string, InteractionKind> = {
  view: 'view',
  click: 'click',
  addToCart: 'add_to_cart',
  removeFromCart: 'remove_from_cart',
  purchase: 'purchase',
};

/** Tests' training data: a synthetic shop's history (the test kit), content vectors hashed from catalog fields. */
export class SyntheticShopData implements TrainingDataSource {
  constructor(private readonly options: { seed: number; users: number; items: number; days: number }) {}

  async load(): Promise<TrainingData> {
    const { seed, users, items, days } = this.options;
    const shop = createShop({ seed, users, items });
    const interactions: Interaction[] = [];
    for (const event of shop.generateEvents({ days })) {
      const p = event.payload;
      const kind = p ? KINDS[p.$case] : undefined;
      if (!p || !kind) continue;
      const item = (p as unknown as Record<string, { itemId: string }>)[p.$case]!.itemId;
      interactions.push({ user: event.userId, item, kind, at: event.occurredAt!.getTime(), session: event.sessionId });
    }
    return {
      items: shop.items.map((i) => ({
        id: i.itemId,
        title: i.title,
        category: i.categoryPath,
        brand: i.brand,
        price: i.price,
        stock: i.stock,
        vector: hashedVector(catalogTokens({ ...i, category: i.categoryPath })),
      })),
      interactions,
      now: Date.parse(`${shop.startDay}T00:00:00Z`) + days * 86_400_000,
      window: `synthetic-${seed}-${shop.startDay}+${days}d`,
    };
  }
}
