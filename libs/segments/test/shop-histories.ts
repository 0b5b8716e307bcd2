import { createShop } from '@demand/testkit';
import { type InteractionKind, type ItemInfo, textLanguage, type UserEvent } from '../src/index.js';

const KINDS: Record<string, InteractionKind> = {
  view: 'view',
  click: 'click',
  addToCart: 'add_to_cart',
  removeFromCart: 'remove_from_cart',
  purchase: 'purchase',
  review: 'review',
  search: 'search',
  dialogTurn: 'dialog_turn',
};

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
    const kind = payload && KINDS[payload.$case];
    if (!payload || !kind || !event.userId || !event.occurredAt) continue;
    const body = (payload as Record<string, unknown>)[payload.$case] as Record<string, unknown>;
    const row: UserEvent = { kind, at: event.occurredAt.getTime(), sessionId: event.sessionId };
    if (typeof body.itemId === 'string' && body.itemId) row.itemId = body.itemId;
    if (typeof body.quantity === 'number') row.quantity = body.quantity;
    if (typeof body.unitPrice === 'number') row.unitPrice = body.unitPrice;
    if (typeof body.orderId === 'string' && kind === 'purchase') row.orderId = body.orderId;
    if (typeof body.rating === 'number') row.rating = body.rating;
    if (kind === 'review' && typeof body.rating === 'number' && row.at % 2 === 0) row.sentiment = (body.rating - 3) / 2;
    const text = kind === 'search' ? body.query : kind === 'review' || kind === 'dialog_turn' ? body.text : undefined;
    const language = typeof text === 'string' ? textLanguage(text) : undefined;
    if (language) row.language = language;
    const list = byUser.get(event.userId);
    if (list) list.push(row);
    else byUser.set(event.userId, [row]);
    last = Math.max(last, row.at);
  }
  return { items, byUser, last };
}
