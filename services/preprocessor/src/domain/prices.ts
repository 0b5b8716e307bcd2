import type { Event } from '@demand/contracts';
import { toBaseCurrency, type CurrencyTable } from './currency.js';
import { EMPTY } from './empty.js';
import { Flags } from './flags.js';

type Payload = NonNullable<Event['payload']>;

export type NormalisedPrices =
  | { ok: true; payload: Payload; flags: readonly string[] }
  | { ok: false; field: string; problem: string };

/** How far a paid price may stray from the catalog price (either way) before it is flagged. */
export const PRICE_OUTLIER_FACTOR = 10;

/**
 * Puts every price of an event into the base currency (add_to_cart, purchase, item_upsert) and
 * checks it is still within the limit afterwards. Events without prices pass unchanged.
 */
export function normalisePrices(payload: Payload, table: CurrencyTable, maxPrice: number): NormalisedPrices {
  const convert = (
    field: string,
    amount: number,
    currency: string,
  ): { ok: true; amount: number; flags: string[] } | { ok: false; field: string; problem: string } => {
    const result = toBaseCurrency(amount, currency, table);
    if (!result.ok) return { ok: false, field: `${field}.currency`, problem: result.problem };
    if (result.amount > maxPrice) {
      return {
        ok: false,
        field: `${field}.${field === 'item_upsert' ? 'price' : 'unit_price'}`,
        problem: `must be between 0 and ${maxPrice} after conversion to ${table.base} (got ${result.amount})`,
      };
    }
    return { ok: true, amount: result.amount, flags: result.converted ? [Flags.currencyConverted(currency)] : [] };
  };
  switch (payload.$case) {
    case 'addToCart': {
      const c = convert('add_to_cart', payload.addToCart.unitPrice, payload.addToCart.currency);
      if (!c.ok) return c;
      return {
        ok: true,
        flags: c.flags,
        payload: { $case: 'addToCart', addToCart: { ...payload.addToCart, unitPrice: c.amount, currency: table.base } },
      };
    }
    case 'purchase': {
      const c = convert('purchase', payload.purchase.unitPrice, payload.purchase.currency);
      if (!c.ok) return c;
      return {
        ok: true,
        flags: c.flags,
        payload: { $case: 'purchase', purchase: { ...payload.purchase, unitPrice: c.amount, currency: table.base } },
      };
    }
    case 'itemUpsert': {
      const c = convert('item_upsert', payload.itemUpsert.price, payload.itemUpsert.currency);
      if (!c.ok) return c;
      return {
        ok: true,
        flags: c.flags,
        payload: { $case: 'itemUpsert', itemUpsert: { ...payload.itemUpsert, price: c.amount, currency: table.base } },
      };
    }
    default:
      return { ok: true, flags: EMPTY, payload };
  }
}

/** The unit price paid, for events that carry one. */
export function paidUnitPrice(payload: Payload): number | undefined {
  if (payload.$case === 'addToCart') return payload.addToCart.unitPrice;
  if (payload.$case === 'purchase') return payload.purchase.unitPrice;
  return undefined;
}

/** True when a paid price is more than PRICE_OUTLIER_FACTOR times above or below the catalog price. */
export function isPriceOutlier(paid: number, catalogPrice: number | undefined): boolean {
  if (catalogPrice === undefined || catalogPrice <= 0 || paid <= 0) return false;
  const ratio = paid / catalogPrice;
  return ratio > PRICE_OUTLIER_FACTOR || ratio < 1 / PRICE_OUTLIER_FACTOR;
}
