// The test kit's shop seen as the recommender sees it (catalog, content vectors, behaviour),
// plus what only the truth knows: each user's static preference for each item (the oracle).
import { catalogTokens, hashedVector, type Interaction, type InteractionKind, type ItemInfo } from '@demand/recommend';
import { CATEGORIES, createShop, type Shop } from '@demand/testkit';

export interface ShopData {
  shop: Shop;
  items: ItemInfo[];
  interactions: Interaction[];
  startMs: number;
}

const KINDS: Record<string, InteractionKind> = {
  view: 'view',
  click: 'click',
  addToCart: 'add_to_cart',
  removeFromCart: 'remove_from_cart',
  purchase: 'purchase',
};

export function shopData(options: { seed: number; users: number; items: number; days: number }): ShopData {
  const shop = createShop(options);
  const interactions: Interaction[] = [];
  for (const event of shop.generateEvents({ days: options.days })) {
    const p = event.payload;
    const kind = p ? KINDS[p.$case] : undefined;
    if (!p || !kind) continue;
    const item = (p as unknown as Record<string, { itemId: string }>)[p.$case]!.itemId;
    interactions.push({ user: event.userId, item, kind, at: event.occurredAt!.getTime(), session: event.sessionId });
  }
  const items = shop.items.map((i) => ({
    id: i.itemId,
    title: i.localizedTitles.en,
    category: i.categoryPathEn,
    brand: i.brandEn,
    price: i.price,
    stock: i.stock,
    vector: contentVector(i),
  }));
  return { shop, items, interactions, startMs: Date.parse(`${shop.startDay}T00:00:00Z`) };
}

/** A content vector from catalog fields only (category path, brand, attributes, price band): no truth. */
function contentVector(item: Shop['items'][number]): Float32Array {
  return hashedVector(
    catalogTokens({
      category: item.categoryPathEn,
      brand: item.brandEn,
      price: item.price,
      attributes: item.attributes,
    }),
  );
}

/**
 * The shop's own preference of a user for every item, as its simulator scores them:
 * 3 · taste·latent + log popularity − price sensitivity · relative price + favourite-brand bonus.
 * `tasteOnly` keeps just taste·latent.
 */
export function truePreference(shop: Shop, userId: string, tasteOnly = false): Float64Array {
  const user = shop.truth.users.get(userId)!;
  const loyalty = shop.truth.personas.find((p) => p.name === user.persona)!.brandLoyalty;
  return Float64Array.from(shop.items, (item) => {
    const t = shop.truth.items.get(item.itemId)!;
    let fit = 0;
    for (let d = 0; d < t.latent.length; d++) fit += t.latent[d]! * user.latent[d]!;
    if (tasteOnly) return fit;
    const brand = user.favouriteBrands.includes(item.brand) ? loyalty : 0;
    return 3 * fit + Math.log(t.popularity) - user.priceSensitivity * relativePrice(item) + brand;
  });
}

const leafMedian = new Map<string, number>();
for (const top of CATEGORIES)
  for (const leaf of top.leaves)
    leafMedian.set(`${top.name[0]}/${leaf.mid[0]}/${leaf.leaf[0]}`, Math.sqrt(leaf.price[0] * leaf.price[1]));

function relativePrice(item: Shop['items'][number]): number {
  return Math.log(item.price / (leafMedian.get(item.categoryPath.join('/')) ?? item.price));
}
