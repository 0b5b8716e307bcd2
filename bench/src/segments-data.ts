// The eval's stand-in for the aggregator: the shop's event stream turned into the rows the profile math
// reads (per-user events, catalog items), and an item vector from catalog words standing in for the embedder.
import type { Event } from '@demand/contracts';
import {
  type InteractionKind,
  type ItemInfo,
  popularityPercentiles,
  textLanguage,
  type UserEvent,
} from '@demand/segments';

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

export interface StreamTables {
  items: Map<string, ItemInfo>;
  eventsByUser: Map<string, UserEvent[]>;
  last: number;
  events: number;
}

/** Reads a stream once: item_upsert rows become the catalog (with view-count popularity), user actions are grouped by user. */
export function tablesFromStream(stream: Iterable<Event>, vectorDims: number): StreamTables {
  const items = new Map<string, ItemInfo>();
  const eventsByUser = new Map<string, UserEvent[]>();
  let last = 0;
  let events = 0;
  const views = new Map<string, number>();
  for (const event of stream) {
    const payload = event.payload;
    if (!payload) continue;
    if (payload.$case === 'itemUpsert') {
      const { itemId, categoryPath, brand, price } = payload.itemUpsert;
      items.set(itemId, { itemId, categoryPath, brand, price, vector: hashedWords(categoryPath, brand, vectorDims) });
      continue;
    }
    const kind = KINDS[payload.$case];
    if (!kind || !event.userId || !event.occurredAt) continue;
    const at = event.occurredAt.getTime();
    const row: UserEvent = { kind, at, sessionId: event.sessionId };
    const body = (payload as Record<string, unknown>)[payload.$case] as Record<string, unknown>;
    if (typeof body.itemId === 'string' && body.itemId) row.itemId = body.itemId;
    if (kind === 'view' && row.itemId) views.set(row.itemId, (views.get(row.itemId) ?? 0) + 1);
    if (typeof body.quantity === 'number') row.quantity = body.quantity;
    if (typeof body.unitPrice === 'number') row.unitPrice = body.unitPrice;
    if (typeof body.orderId === 'string' && kind === 'purchase') row.orderId = body.orderId;
    if (typeof body.rating === 'number') row.rating = body.rating;
    // The text the shop sent (query, review, dialog turn): its language, as the aggregator's view reads it.
    const text = kind === 'search' ? body.query : kind === 'review' || kind === 'dialog_turn' ? body.text : undefined;
    const language = typeof text === 'string' ? textLanguage(text) : undefined;
    if (language) row.language = language;
    const list = eventsByUser.get(event.userId);
    if (list) list.push(row);
    else eventsByUser.set(event.userId, [row]);
    last = Math.max(last, at);
    events++;
  }
  for (const id of items.keys()) if (!views.has(id)) views.set(id, 0);
  for (const [id, popularity] of popularityPercentiles(views)) {
    const item = items.get(id);
    if (item) item.popularity = popularity;
  }
  return { items, eventsByUser, last, events };
}

/** Signed feature hashing of an item's category path (each level) and brand, unit length. */
function hashedWords(categoryPath: readonly string[], brand: string, dims: number): Float32Array {
  const out = new Float32Array(dims);
  const words = [...categoryPath.map((c, level) => `c${level}:${c}`), `b:${brand}`];
  for (const word of words) {
    const h = fnv1a(word);
    out[h % dims]! += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...out) || 1;
  return out.map((v) => v / norm);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}
