import { DialogRole, type CleanEvent, type CleanText } from '@demand/contracts';
import { detectLanguage } from '@demand/text';
import type { Payload } from '@demand/vector-store';
import { indexedKindOf, type IndexedKind } from './collections.js';
import { itemDocument } from './item-document.js';

/** One text on its way into a collection: what the encoder reads and what is stored with it. */
export interface TextDocument {
  kind: IndexedKind;
  /** Point id: the item id for items, the source text id otherwise (stable, so re-deliveries overwrite). */
  pointId: string;
  textId: string;
  text: string;
  payload: Payload;
  itemId: string;
  userId: string;
  conversationId: string;
  language: string;
  occurredAt: Date | undefined;
  rating: number;
  /** Which head reads the text: reviews get a sentiment, customer turns an intent. */
  head: 'sentiment' | 'intent' | undefined;
}

export type Skipped = { skipped: string };

/**
 * A texts.clean.v1 record as a document. Catalog texts are skipped here: items are indexed
 * from their item_upsert events, which carry price, brand and categories for filters.
 */
export function documentOfCleanText(text: CleanText): TextDocument | Skipped {
  const kind = indexedKindOf(text.kind);
  if (kind === undefined) return { skipped: 'unknown text kind' };
  if (kind === 'item') return { skipped: 'catalog texts are indexed from item_upsert events' };
  const content = text.maskedText.trim();
  if (content.length === 0) return { skipped: 'empty text' };
  if (!text.textId) return { skipped: 'no text id' };
  const occurredAt = text.occurredAt;
  const role =
    text.role === DialogRole.DIALOG_ROLE_CUSTOMER
      ? 'customer'
      : text.role === DialogRole.DIALOG_ROLE_AGENT
        ? 'agent'
        : 'unspecified';
  const payload: Payload = {
    text_id: text.textId,
    text: content,
    language: text.language,
    user_id: text.userId,
    ...(text.itemId ? { item_id: text.itemId } : {}),
    ...(occurredAt ? { occurred_at: occurredAt.getTime() } : {}),
  };
  if (kind === 'review') payload['rating'] = text.rating;
  if (kind === 'dialog') Object.assign(payload, { conversation_id: text.conversationId, role });
  return {
    kind,
    pointId: text.textId,
    textId: text.textId,
    text: content,
    payload,
    itemId: text.itemId,
    userId: text.userId,
    conversationId: text.conversationId,
    language: text.language,
    occurredAt,
    rating: kind === 'review' ? text.rating : 0,
    head: kind === 'review' ? 'sentiment' : kind === 'dialog' && role === 'customer' ? 'intent' : undefined,
  };
}

/** An events.clean.v1 record as an item document, when it is an item_upsert. */
export function documentOfItemEvent(clean: CleanEvent): TextDocument | Skipped {
  const event = clean.event;
  if (event?.payload?.$case !== 'itemUpsert') return { skipped: 'not an item_upsert' };
  const item = event.payload.itemUpsert;
  if (!item.itemId || !item.title.trim()) return { skipped: 'item without id or title' };
  const language = detectLanguage(item.title);
  return {
    kind: 'item',
    pointId: item.itemId,
    textId: `item:${item.itemId}`,
    text: itemDocument(item),
    payload: {
      item_id: item.itemId,
      title: item.title,
      text: item.title,
      brand: item.brand,
      category_path: item.categoryPath,
      price: item.price,
      currency: item.currency,
      attributes: item.attributes,
      localized_titles: item.localizedTitles,
      language,
      ...(event.occurredAt ? { occurred_at: event.occurredAt.getTime() } : {}),
    },
    itemId: item.itemId,
    userId: '',
    conversationId: '',
    language,
    occurredAt: event.occurredAt,
    rating: 0,
    head: undefined,
  };
}

/** Item fields copied onto reviews of the item, so reviews filter by category, brand and price. */
export function itemFieldsForReviews(itemPayload: Payload): Payload {
  const fields: Payload = {};
  for (const key of ['category_path', 'brand', 'price', 'title'])
    if (itemPayload[key] !== undefined) fields[key === 'title' ? 'item_title' : key] = itemPayload[key];
  return fields;
}
