import { DialogRole, Event, type ItemUpsert } from '@demand/contracts';
import { defaultEventLimits } from '@demand/event-validation';
import { defaultBotRuleSettings } from '../src/domain/bot-detector.js';
import { createPreprocessState } from '../src/domain/preprocess-state.js';
import { preprocess, type PreprocessRules } from '../src/domain/preprocess.js';
import { PseudonymKey } from '@demand/pseudonyms';

export const now = new Date('2026-11-23T12:00:00Z');
export const anHourAgo = new Date(now.getTime() - 3_600_000);

export const rules: PreprocessRules = {
  limits: defaultEventLimits,
  currency: {
    base: 'CNY',
    rates: new Map([
      ['USD', 7.1],
      ['JPY', 0.047],
    ]),
  },
  lateAfterMs: 24 * 3_600_000,
};

export const testKey = new PseudonymKey(Buffer.from('a test key that is long enough for hmac-sha256', 'utf8'));

let state: ReturnType<typeof createPreprocessState> | undefined;

/** A fresh preprocessor memory (jieba is built per state, ≈150 ms). */
export function freshState(options: { key?: PseudonymKey } = {}) {
  return createPreprocessState({
    key: options.key ?? testKey,
    dedupWindow: 1000,
    bots: defaultBotRuleSettings,
    maxTextLength: defaultEventLimits.maxTextLength,
  });
}

/** One state shared by tests that do not depend on memory; it knows item i-00001. */
export function sharedState() {
  if (!state) {
    state = freshState();
    preprocess([itemUpsert('shared-item')], rules, state, now).commit();
  }
  return state;
}

type Payload = NonNullable<Event['payload']>;

export function event(eventId: string, payload: Payload, extra: Partial<Event> = {}): Event {
  return Event.fromPartial({
    eventId,
    userId: 'u-000042',
    sessionId: 's-1',
    occurredAt: anHourAgo,
    receivedAt: now,
    source: 'app',
    payload,
    ...extra,
  } as Parameters<typeof Event.fromPartial>[0]);
}

export const view = (eventId: string, itemId = 'i-00001', extra: Partial<Event> = {}) =>
  event(eventId, { $case: 'view', view: { itemId, surface: 'detail', dwellMs: 1000 } }, extra);

export const review = (eventId: string, text: string, rating = 5) =>
  event(eventId, { $case: 'review', review: { itemId: 'i-00001', rating, text, orderId: 'o-1' } });

export const search = (eventId: string, query: string) =>
  event(eventId, { $case: 'search', search: { query, resultsCount: 3 } });

export const dialogTurn = (eventId: string, text: string, role = DialogRole.DIALOG_ROLE_CUSTOMER) =>
  event(eventId, {
    $case: 'dialogTurn',
    dialogTurn: { conversationId: 'c-1', role, text, itemId: 'i-00001', turnIndex: 0 },
  });

export const purchase = (eventId: string, unitPrice: number, currency = 'CNY', itemId = 'i-00001') =>
  event(eventId, { $case: 'purchase', purchase: { orderId: 'o-1', itemId, quantity: 1, unitPrice, currency } });

export function item(itemId: string, fields: Partial<ItemUpsert> = {}): ItemUpsert {
  return {
    itemId,
    title: '星河纪 轻薄散粉 自然色',
    description: '控油持妆，适合油性肌肤',
    brand: '星河纪',
    categoryPath: ['美妆', '彩妆', '散粉'],
    price: 129,
    currency: 'CNY',
    attributes: { 色号: '自然色', 功效: '控油' },
    stock: 10,
    localizedTitles: { en: 'Xinghe Loose Powder Natural' },
    ...fields,
  };
}

export const itemUpsert = (eventId: string, fields: Partial<ItemUpsert> = {}, itemId = 'i-00001') =>
  Event.fromPartial({
    eventId,
    occurredAt: anHourAgo,
    receivedAt: now,
    source: 'catalog',
    payload: { $case: 'itemUpsert', itemUpsert: item(itemId, fields) },
  });
