// Daily series of the test kit's shop, counted from its event stream in one pass: per item units
// sold and the behaviour that drives them; per user views, carts and purchases (for propensity).
import { createShop } from '@demand/testkit';

export interface ShopSeries {
  days: number;
  items: { itemId: string; category: string; units: number[]; views: number[]; good: number[]; bad: number[] }[];
  categories: string[];
  users: { views: number[]; carts: number[]; purchases: number[] }[];
}

const DAY_MS = 86_400_000;

export function shopSeries(options: { seed: number; users: number; items: number; days: number }): ShopSeries {
  const shop = createShop(options);
  const start = Date.parse(`${shop.startDay}T00:00:00Z`);
  const zeros = () => new Array<number>(options.days).fill(0);
  const items = shop.items.map((item) => ({
    itemId: item.itemId,
    category: item.categoryPath[0] ?? '',
    units: zeros(),
    views: zeros(),
    good: zeros(),
    bad: zeros(),
  }));
  const itemIndex = new Map(items.map((item, i) => [item.itemId, i]));
  const users = new Map<string, ShopSeries['users'][number]>();
  const user = (id: string) => {
    let u = users.get(id);
    if (!u) users.set(id, (u = { views: zeros(), carts: zeros(), purchases: zeros() }));
    return u;
  };
  for (const event of shop.generateEvents({ days: options.days })) {
    const payload = event.payload;
    if (!payload || !event.occurredAt) continue;
    const day = Math.floor((event.occurredAt.getTime() - start) / DAY_MS);
    if (day < 0 || day >= options.days) continue;
    switch (payload.$case) {
      case 'view': {
        const i = itemIndex.get(payload.view.itemId);
        if (i !== undefined) items[i]!.views[day]!++;
        user(event.userId).views[day]!++;
        break;
      }
      case 'addToCart':
        user(event.userId).carts[day]!++;
        break;
      case 'purchase': {
        const i = itemIndex.get(payload.purchase.itemId);
        if (i !== undefined) items[i]!.units[day]! += payload.purchase.quantity;
        user(event.userId).purchases[day]!++;
        break;
      }
      case 'review': {
        const i = itemIndex.get(payload.review.itemId);
        if (i === undefined) break;
        if (payload.review.rating >= 4) items[i]!.good[day]!++;
        else if (payload.review.rating <= 2) items[i]!.bad[day]!++;
        break;
      }
    }
  }
  const categories = [...new Set(items.map((i) => i.category))].sort();
  return { days: options.days, items, categories, users: [...users.values()] };
}
