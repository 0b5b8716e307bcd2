import type { InteractionKind, ItemEvent, TextLanguage } from '@demand/segments';
import type { EventRow } from './event-rows.js';

/** A profile event with the id it was stored under (for deduplication of redelivered events). */
export type StoredItemEvent = ItemEvent & { eventId: string };

/** The kinds item profiles count. */
export const ITEM_KINDS: ReadonlySet<string> = new Set(['view', 'click', 'add_to_cart', 'purchase', 'review']);
/** The kinds user profiles read from clean_events (dialog turns come through user_texts). */
export const USER_PROFILE_KINDS: readonly InteractionKind[] = [
  'view',
  'click',
  'add_to_cart',
  'remove_from_cart',
  'purchase',
  'review',
  'search',
];
const USER_KINDS: ReadonlySet<string> = new Set(USER_PROFILE_KINDS);
const TEXT_KINDS = new Set(['search', 'review', 'dialog_turn']);

/**
 * The profile events among stored rows, as `ClickHouseProfileSource` reads them back: a known user,
 * a profile kind or a dialog turn, no bot flag; the language of a text as user_texts_mv
 * (migration 008) judges it. Review sentiment is not known yet at ingest (the embedder judges it
 * later); a later read joins it.
 */
export function storedProfileEvents(rows: readonly EventRow[]): StoredItemEvent[] {
  const out: StoredItemEvent[] = [];
  for (const r of rows) {
    const dialog = r.kind === 'dialog_turn';
    if (!r.user_id || !(dialog || USER_KINDS.has(r.kind)) || (r.flags.length > 0 && isBot(r.flags))) continue;
    const at = typeof r.occurred_at === 'number' ? r.occurred_at : Date.parse(r.occurred_at);
    const e: StoredItemEvent = { eventId: r.event_id, userId: r.user_id, kind: r.kind as InteractionKind, at };
    if (r.item_id && !dialog) e.itemId = r.item_id;
    if (r.session_id) e.sessionId = r.session_id;
    if (r.order_id && !dialog) e.orderId = r.order_id;
    if (r.kind === 'add_to_cart' || r.kind === 'purchase') {
      e.quantity = r.quantity || 1;
      e.unitPrice = r.unit_price;
    }
    if (r.kind === 'review' && r.rating > 0) e.rating = r.rating;
    const language = TEXT_KINDS.has(r.kind) ? languageOf(r.kind === 'search' ? r.query : r.text) : undefined;
    if (language) e.language = language;
    out.push(e);
  }
  return out;
}

function isBot(flags: readonly string[]): boolean {
  return flags.some((f) => f.startsWith('bot:'));
}

/** The item events among profile events (item profiles follow these). */
export function itemEventsOf(events: readonly StoredItemEvent[]): StoredItemEvent[] {
  return events.filter((e) => e.itemId && ITEM_KINDS.has(e.kind));
}

const HAN = /\p{Script=Han}/u;
const LATIN_LETTER = /[A-Za-z]/;

/** user_texts_mv's rule: any Han character → zh, else any ASCII letter → en. */
function languageOf(text: string): TextLanguage | undefined {
  if (HAN.test(text)) return 'zh';
  if (LATIN_LETTER.test(text)) return 'en';
  return undefined;
}
