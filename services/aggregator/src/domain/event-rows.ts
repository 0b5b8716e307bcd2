import { EVENT_KIND_NAMES, itemIdOf, type CleanEvent, type Event, type ItemUpsert } from '@demand/contracts';

/** One row of the `events` table. */
export interface EventRow {
  event_id: string;
  kind: string;
  user_id: string;
  session_id: string;
  item_id: string;
  /**
   * Milliseconds since the epoch (what `toRows` writes: ClickHouse reads an integer into a
   * DateTime64(3) column as such, and it costs neither side a date text), or ISO 8601 in UTC.
   */
  occurred_at: number | string;
  received_at: number | string;
  source: string;
  quantity: number;
  unit_price: number;
  currency: string;
  rating: number;
  text: string;
  query: string;
  order_id: string;
  flags: readonly string[];
  /**
   * History loaded after the fact (`demand import`): not a column (`compactRow` leaves it out); its users'
   * profiles are refreshed once the import goes quiet (`TouchedWork`).
   */
  backfill?: boolean;
}

/** One row of the `items` table. */
export interface ItemRow {
  item_id: string;
  title: string;
  description: string;
  brand: string;
  category_path: string[];
  price: number;
  currency: string;
  attributes: Record<string, string>;
  stock: number;
  updated_at: string;
}

/** Event kind names as stored, in the contract's snake_case. */
export const kindNames = EVENT_KIND_NAMES;

type BehaviourPayload = Exclude<NonNullable<Event['payload']>, { $case: 'itemUpsert' }>;

/** A payload's own fields by name: each kind has a subset (a review has no price, a search only a query). */
interface PayloadFields {
  quantity?: number;
  unitPrice?: number;
  currency?: string;
  rating?: number;
  text?: string;
  query?: string;
  orderId?: string;
}

/** The payload message of any behaviour kind, e.g. `p.purchase` for a purchase. */
function payloadFields(p: BehaviourPayload): PayloadFields {
  return (p as unknown as Record<string, PayloadFields>)[p.$case]!;
}

function itemRow(item: ItemUpsert, updatedAt: string): ItemRow {
  return {
    item_id: item.itemId,
    title: item.title,
    description: item.description,
    brand: item.brand,
    category_path: item.categoryPath,
    price: item.price,
    currency: item.currency,
    attributes: item.attributes,
    stock: item.stock,
    updated_at: updatedAt,
  };
}

/** Splits clean events into behaviour rows and catalog rows, ready to store. */
export function toRows(events: readonly CleanEvent[]): { events: EventRow[]; items: ItemRow[] } {
  const rows: { events: EventRow[]; items: ItemRow[] } = { events: [], items: [] };
  for (const { event, flags } of events) {
    if (!event?.payload || !event.occurredAt) continue;
    if (event.payload.$case === 'itemUpsert') {
      rows.items.push(itemRow(event.payload.itemUpsert, (event.receivedAt ?? event.occurredAt).toISOString()));
      continue;
    }
    const payload = event.payload;
    const f = payloadFields(payload);
    // One object literal per row, every column in one order: no per-kind objects merged by spread.
    rows.events.push({
      event_id: event.eventId,
      kind: kindNames[payload.$case],
      user_id: event.userId,
      session_id: event.sessionId,
      item_id: itemIdOf(payload),
      occurred_at: event.occurredAt.getTime(),
      received_at: (event.receivedAt ?? event.occurredAt).getTime(),
      source: event.source,
      quantity: f.quantity ?? 0,
      unit_price: f.unitPrice ?? 0,
      currency: f.currency ?? '',
      rating: f.rating ?? 0,
      text: f.text ?? '',
      query: f.query ?? '',
      order_id: f.orderId ?? '',
      flags,
      backfill: event.backfill,
    });
  }
  return rows;
}

/** The columns of `clean_events`, in the order of `compactRow`. */
export const EVENT_COLUMNS = [
  'event_id',
  'kind',
  'user_id',
  'session_id',
  'item_id',
  'occurred_at',
  'received_at',
  'source',
  'quantity',
  'unit_price',
  'currency',
  'rating',
  'text',
  'query',
  'order_id',
  'flags',
] as const satisfies readonly (keyof EventRow)[];

/** One event as a positional row (JSONCompactEachRow), columns as in EVENT_COLUMNS. */
export function compactRow(e: EventRow): unknown[] {
  return [
    e.event_id,
    e.kind,
    e.user_id,
    e.session_id,
    e.item_id,
    e.occurred_at,
    e.received_at,
    e.source,
    e.quantity,
    e.unit_price,
    e.currency,
    e.rating,
    e.text,
    e.query,
    e.order_id,
    e.flags,
  ];
}
