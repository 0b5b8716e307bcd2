import { DialogRole, EVENT_KIND_NAMES, type Event } from '@demand/contracts';
import type { Random } from '../random/random.js';
import type { EventKind, Payload } from '../stream/planned-event.js';
import { expectationOf, PII_OF, type DirtKind, type DirtyLabel } from './dirt-kinds.js';
import { piiSentence } from './pii.js';

const FIELD_PREFIX: Record<EventKind, string> = EVENT_KIND_NAMES;

const WITH_ITEM = new Set<EventKind>(['view', 'click', 'addToCart', 'removeFromCart', 'purchase', 'review']);
const WITH_PRICE = new Set<EventKind>(['addToCart', 'purchase']);
const WITH_QUANTITY = new Set<EventKind>(['addToCart', 'removeFromCart', 'purchase']);
const YEAR_MS = 365.25 * 86_400_000;

const HTML = [
  '<script>alert("xss")</script>',
  '<b>好评</b>',
  '<img src=x onerror=alert(1)>',
  '<a href="http://spam.example.com">点击领取优惠</a>',
  '<div style="color:red">限时</div>',
];
const SQL = [
  "'; DROP TABLE events; --",
  "1' OR '1'='1",
  "' UNION SELECT * FROM users --",
  '"; DELETE FROM orders WHERE 1=1; --',
];

/** Text a customer wrote: a search query, a review, or a customer's dialog turn. */
function customerText(payload: Payload): { field: string; get: () => string; set: (text: string) => void } | undefined {
  switch (payload.$case) {
    case 'search':
      return { field: 'search.query', get: () => payload.search.query, set: (t) => (payload.search.query = t) };
    case 'review':
      return { field: 'review.text', get: () => payload.review.text, set: (t) => (payload.review.text = t) };
    case 'dialogTurn':
      if (payload.dialogTurn.role !== DialogRole.DIALOG_ROLE_CUSTOMER) return undefined;
      return {
        field: 'dialog_turn.text',
        get: () => payload.dialogTurn.text,
        set: (t) => (payload.dialogTurn.text = t),
      };
    default:
      return undefined;
  }
}

/** The dirt kinds that can apply to this event, among the allowed ones. */
export function applicableKinds(event: Event, allowed: readonly DirtKind[]): DirtKind[] {
  const payload = event.payload!;
  const kind = payload.$case;
  const text = customerText(payload);
  return allowed.filter((dirt) => {
    if (dirt === 'future_timestamp') return true;
    if (dirt === 'missing_item_id') return WITH_ITEM.has(kind);
    if (dirt === 'negative_price' || dirt === 'absurd_price') return WITH_PRICE.has(kind);
    if (dirt === 'zero_quantity' || dirt === 'absurd_quantity') return WITH_QUANTITY.has(kind);
    if (dirt === 'invalid_rating') return kind === 'review';
    if (PII_OF[dirt]) return text !== undefined && kind !== 'search';
    return text !== undefined;
  });
}

function setItemId(payload: Payload, value: string): void {
  if (payload.$case === 'itemUpsert' || payload.$case === 'search' || payload.$case === 'dialogTurn') return;
  const body = (payload as Record<string, unknown>)[payload.$case] as { itemId: string };
  body.itemId = value;
}

function setNumber(payload: Payload, field: 'unitPrice' | 'quantity', value: number): void {
  const body = (payload as Record<string, unknown>)[payload.$case] as Record<string, number>;
  body[field] = value;
}

function hugeText(seed: string, minLength: number, random: Random): string {
  const target = random.int(minLength, minLength * 2);
  const unit = `${seed || '重复内容'} `;
  return unit.repeat(Math.ceil(target / unit.length)).slice(0, target);
}

/** Corrupts the event in place and says how. */
export function corrupt(event: Event, dirt: DirtKind, random: Random): DirtyLabel {
  const payload = event.payload!;
  const prefix = FIELD_PREFIX[payload.$case];
  const label = (field: string): DirtyLabel => {
    const pii = PII_OF[dirt];
    return { kind: dirt, expect: expectationOf(dirt), field, ...(pii ? { pii } : {}) };
  };
  const text = customerText(payload);
  switch (dirt) {
    case 'missing_item_id':
      setItemId(payload, '');
      return label(`${prefix}.item_id`);
    case 'negative_price':
      setNumber(payload, 'unitPrice', -Math.round(random.between(1, 500) * 100) / 100);
      return label(`${prefix}.unit_price`);
    case 'absurd_price':
      setNumber(payload, 'unitPrice', Math.round(random.between(5e7, 5e9)));
      return label(`${prefix}.unit_price`);
    case 'zero_quantity':
      setNumber(payload, 'quantity', 0);
      return label(`${prefix}.quantity`);
    case 'absurd_quantity':
      setNumber(payload, 'quantity', random.int(50_000, 9_999_999));
      return label(`${prefix}.quantity`);
    case 'future_timestamp':
      event.occurredAt = new Date(event.occurredAt!.getTime() + random.between(20, 40) * YEAR_MS);
      return label('occurred_at');
    case 'invalid_rating':
      if (payload.$case === 'review') payload.review.rating = random.pick([0, 6, 10, 99]);
      return label('review.rating');
    case 'html_markup':
      text!.set(
        random.chance(0.5) ? `<p>${text!.get()}</p>${random.pick(HTML)}` : `${random.pick(HTML)}${text!.get()}`,
      );
      return label(text!.field);
    case 'sql_snippet':
      text!.set(`${text!.get()}${random.pick(SQL)}`);
      return label(text!.field);
    case 'huge_text':
      text!.set(hugeText(text!.get(), payload.$case === 'search' ? 1_000 : 12_000, random));
      return label(text!.field);
    default:
      text!.set(`${text!.get()} ${piiSentence(PII_OF[dirt]!, random)}`);
      return label(text!.field);
  }
}
