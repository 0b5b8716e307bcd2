import { createShop } from '@demand/testkit';
import { type InteractionKind, type ItemInfo, textLanguage, type UserEvent } from '../src/index.js';

export interface ShopHistories {
  items: Map<string, ItemInfo>;
  byUser: Map<string, UserEvent[]>;
  last: number;
}

/**
 * A test-kit shop's events as the rows the profile math reads. Items get a small vector, every fifth one a
 * popularity; every other review a sentiment (the aggregator's text analysis supplies it).
 */
export function shopHistories(seed: number, users: number, days: number): ShopHistories {
  const shop = createShop({ seed, users, items: 300 });
  const items = new Map<string, ItemInfo>();
  const byUser = new Map<string, UserEvent[]>();
  let last = 0;
  for (const event of shop.generateEvents({ days, includeCatalog: true })) {
    const payload = event.payload;
    if (payload?.$case === 'itemUpsert') {
      const { itemId, categoryPath, brand, price } = payload.itemUpsert;
      const n = items.size;
      const vector = [Math.sin(n), Math.cos(n), (n % 7) / 7];
      items.set(itemId, { itemId, categoryPath, brand, price, vector, ...(n % 5 === 0 && { popularity: n / 300 }) });
      continue;
    }
    if (!payload || !event.userId || !event.occurredAt) continue;
    // Every other payload is a user action, its case the kind in camel case: addToCart → add_to_cart.
    const kind = payload.$case.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as InteractionKind;
    const fields = (payload as Record<string, unknown>)[payload.$case] as Record<string, unknown>;
    const row: UserEvent = { kind, at: event.occurredAt.getTime(), sessionId: event.sessionId };
    for (const name of ['itemId', 'orderId'] as const)
      if (typeof fields[name] === 'string' && fields[name]) row[name] = fields[name];
    for (const name of ['quantity', 'unitPrice', 'rating'] as const)
      if (typeof fields[name] === 'number') row[name] = fields[name];
    if (row.rating !== undefined && row.at % 2 === 0) row.sentiment = (row.rating - 3) / 2;
    const text = fields.query ?? fields.text;
    if (typeof text === 'string' && textLanguage(text)) row.language = textLanguage(text);
    const list = byUser.get(event.userId);
    if (list) list.push(row);
    else byUser.set(event.userId, [row]);
    last = Math.max(last, row.at);
  }
  return { items, byUser, last };
}
