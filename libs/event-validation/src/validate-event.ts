import { DialogRole, type Event, type ItemUpsert } from '@demand/contracts/messages';
import type { EventLimits } from './event-limits.js';
import { ValidationError } from './validation-error.js';

const idPattern = /^[A-Za-z0-9._:@-]+$/;

// Each check takes where the field is (`at`) and its name apart: `at.name` is only built for
// an error (every event passes here, in the collector and again in the preprocessor).
function fieldName(at: string, name: string): string {
  return `${at}.${name}`;
}

function requireId(value: string, at: string, name: string, limits: EventLimits): void {
  if (!value) throw new ValidationError(fieldName(at, name), 'is required');
  if (value.length > limits.maxIdLength)
    throw new ValidationError(
      fieldName(at, name),
      `must be at most ${limits.maxIdLength} characters (got ${value.length})`,
    );
  if (!idPattern.test(value))
    throw new ValidationError(fieldName(at, name), 'may only contain letters, digits and . _ : @ -');
}

function requireRange(value: number, at: string, name: string, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ValidationError(fieldName(at, name), `must be between ${min} and ${max} (got ${value})`);
}

function requireText(value: string, at: string, name: string, maxLength: number, required: boolean): void {
  if (required && !value.trim()) throw new ValidationError(fieldName(at, name), 'is required');
  if (value.length > maxLength)
    throw new ValidationError(fieldName(at, name), `must be at most ${maxLength} characters (got ${value.length})`);
}

function optionalId(value: string, at: string, name: string, limits: EventLimits): void {
  if (value) requireId(value, at, name, limits);
}

function optionalLabel(value: string, at: string, name: string, limits: EventLimits): void {
  if (value.length > limits.maxLabelLength)
    throw new ValidationError(
      fieldName(at, name),
      `must be at most ${limits.maxLabelLength} characters (got ${value.length})`,
    );
}

function optionalCurrency(value: string, at: string, name: string): void {
  if (value && !/^[A-Z]{3}$/.test(value))
    throw new ValidationError(
      fieldName(at, name),
      `must be an ISO 4217 code such as CNY (got ${JSON.stringify(value)})`,
    );
}

/** Checks a catalog item; `at` prefixes field names (e.g. `items[2]`). */
export function validateItem(item: ItemUpsert, at: string, limits: EventLimits): void {
  requireId(item.itemId, at, 'item_id', limits);
  requireText(item.title, at, 'title', limits.maxQueryLength, true);
  requireText(item.description, at, 'description', limits.maxTextLength, false);
  requireText(item.brand, at, 'brand', limits.maxQueryLength, false);
  requireRange(item.price, at, 'price', 0, limits.maxPrice);
  optionalCurrency(item.currency, at, 'currency');
  if (item.categoryPath.length > 8)
    throw new ValidationError(`${at}.category_path`, `must have at most 8 levels (got ${item.categoryPath.length})`);
  item.categoryPath.forEach((c, i) => requireText(c, at, `category_path[${i}]`, limits.maxQueryLength, true));
  const attributes = Object.entries(item.attributes);
  if (attributes.length > limits.maxAttributes)
    throw new ValidationError(
      `${at}.attributes`,
      `must have at most ${limits.maxAttributes} entries (got ${attributes.length})`,
    );
  for (const [key, value] of attributes) {
    const name = `attributes[${JSON.stringify(key.slice(0, limits.maxLabelLength))}]`;
    if (!key.trim() || key.length > limits.maxLabelLength)
      throw new ValidationError(fieldName(at, name), `name must be 1 to ${limits.maxLabelLength} characters`);
    requireText(value, at, name, limits.maxQueryLength, false);
  }
  const titles = Object.entries(item.localizedTitles ?? {});
  if (titles.length > limits.maxLocalizedTitles)
    throw new ValidationError(
      `${at}.localized_titles`,
      `must have at most ${limits.maxLocalizedTitles} entries (got ${titles.length})`,
    );
  for (const [language, title] of titles) {
    const name = `localized_titles[${JSON.stringify(language.slice(0, 35))}]`;
    if (!/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(language) || language.length > 35)
      throw new ValidationError(fieldName(at, name), 'key must be a BCP 47 language tag such as en or zh-Hant');
    requireText(title, at, name, limits.maxQueryLength, false);
  }
}

/**
 * Checks one event against the contract and the size limits, throwing a ValidationError
 * that names the first bad field. `at` prefixes field names (e.g. `events[3]`).
 */
export function validateEvent(event: Event, at: string, limits: EventLimits, now: Date): void {
  requireId(event.eventId, at, 'event_id', limits);
  if (!event.payload)
    throw new ValidationError(
      `${at}.payload`,
      'one event kind must be set (view, click, search, add_to_cart, remove_from_cart, purchase, review, dialog_turn, item_upsert)',
    );
  if (!event.occurredAt || Number.isNaN(event.occurredAt.getTime()))
    throw new ValidationError(`${at}.occurred_at`, 'is required');
  if (event.occurredAt.getTime() > now.getTime() + limits.futureToleranceMs) {
    throw new ValidationError(
      `${at}.occurred_at`,
      `is in the future (${event.occurredAt.toISOString()} is after the server time ${now.toISOString()} plus ${limits.futureToleranceMs} ms)`,
    );
  }
  if (event.payload.$case !== 'itemUpsert') requireId(event.userId, at, 'user_id', limits);
  if (event.sessionId) requireId(event.sessionId, at, 'session_id', limits);
  optionalLabel(event.source, at, 'source', limits);

  const p = event.payload;
  switch (p.$case) {
    case 'view':
      requireId(p.view.itemId, at, 'view.item_id', limits);
      return optionalLabel(p.view.surface, at, 'view.surface', limits);
    case 'click':
      requireId(p.click.itemId, at, 'click.item_id', limits);
      optionalLabel(p.click.surface, at, 'click.surface', limits);
      return optionalId(p.click.recRequestId, at, 'click.rec_request_id', limits);
    case 'search':
      return requireText(p.search.query, at, 'search.query', limits.maxQueryLength, true);
    case 'addToCart':
      requireId(p.addToCart.itemId, at, 'add_to_cart.item_id', limits);
      requireRange(p.addToCart.quantity, at, 'add_to_cart.quantity', 1, limits.maxQuantity);
      requireRange(p.addToCart.unitPrice, at, 'add_to_cart.unit_price', 0, limits.maxPrice);
      return optionalCurrency(p.addToCart.currency, at, 'add_to_cart.currency');
    case 'removeFromCart':
      requireId(p.removeFromCart.itemId, at, 'remove_from_cart.item_id', limits);
      return requireRange(p.removeFromCart.quantity, at, 'remove_from_cart.quantity', 1, limits.maxQuantity);
    case 'purchase':
      requireId(p.purchase.orderId, at, 'purchase.order_id', limits);
      requireId(p.purchase.itemId, at, 'purchase.item_id', limits);
      requireRange(p.purchase.quantity, at, 'purchase.quantity', 1, limits.maxQuantity);
      requireRange(p.purchase.unitPrice, at, 'purchase.unit_price', 0, limits.maxPrice);
      return optionalCurrency(p.purchase.currency, at, 'purchase.currency');
    case 'review':
      requireId(p.review.itemId, at, 'review.item_id', limits);
      requireRange(p.review.rating, at, 'review.rating', 1, 5);
      optionalId(p.review.orderId, at, 'review.order_id', limits);
      return requireText(p.review.text, at, 'review.text', limits.maxTextLength, false);
    case 'dialogTurn':
      requireId(p.dialogTurn.conversationId, at, 'dialog_turn.conversation_id', limits);
      if (p.dialogTurn.role !== DialogRole.DIALOG_ROLE_CUSTOMER && p.dialogTurn.role !== DialogRole.DIALOG_ROLE_AGENT) {
        throw new ValidationError(`${at}.dialog_turn.role`, 'must be DIALOG_ROLE_CUSTOMER or DIALOG_ROLE_AGENT');
      }
      if (p.dialogTurn.itemId) requireId(p.dialogTurn.itemId, at, 'dialog_turn.item_id', limits);
      return requireText(p.dialogTurn.text, at, 'dialog_turn.text', limits.maxTextLength, true);
    case 'itemUpsert':
      return validateItem(p.itemUpsert, fieldName(at, 'item_upsert'), limits);
  }
}
