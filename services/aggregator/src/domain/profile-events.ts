import type { InteractionKind, ItemEvent } from '@demand/segments';
import type { EventRow } from './event-rows.js';

/** A profile event with the id it was stored under (for deduplication of redelivered events). */
export type StoredItemEvent = ItemEvent & { eventId: string };

const ITEM_KINDS = new Set<string>(['view', 'click', 'add_to_cart', 'purchase', 'review']);

/**
 * The item events among stored rows, as item profiles count them: a known user and item, an item
 * kind, no bot flag (the same rows `ClickHouseProfileSource` reads). Review sentiment is not known
 * yet at ingest (the embedder judges it later); the next full refresh joins it.
 */
export function storedItemEvents(rows: readonly EventRow[]): StoredItemEvent[] {
  const out: StoredItemEvent[] = [];
  for (const r of rows) {
    if (!r.user_id || !r.item_id || !ITEM_KINDS.has(r.kind) || r.flags.some((f) => f.startsWith('bot:'))) continue;
    const at = typeof r.occurred_at === 'number' ? r.occurred_at : Date.parse(r.occurred_at);
    const e: StoredItemEvent = {
      eventId: r.event_id,
      userId: r.user_id,
      itemId: r.item_id,
      kind: r.kind as InteractionKind,
      at,
    };
    if (r.session_id) e.sessionId = r.session_id;
    if (r.order_id) e.orderId = r.order_id;
    if (r.kind === 'add_to_cart' || r.kind === 'purchase') {
      e.quantity = r.quantity || 1;
      e.unitPrice = r.unit_price;
    }
    if (r.kind === 'review' && r.rating > 0) e.rating = r.rating;
    out.push(e);
  }
  return out;
}
