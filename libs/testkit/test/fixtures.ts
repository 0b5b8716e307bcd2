import type { Event } from '@demand/contracts';
import { createShop, type GenerateOptions, type RunTruth, type Shop } from '../src/index.js';

export interface GeneratedRun {
  shop: Shop;
  events: Event[];
  truth: RunTruth;
}

export function generate(
  shopOptions: { seed: number; users: number; items: number },
  options: GenerateOptions,
): GeneratedRun {
  const shop = createShop(shopOptions);
  const run = shop.generateEvents(options);
  const events = [...run];
  return { shop, events, truth: run.truth };
}

let medium: GeneratedRun | undefined;

/** About 30k clean events: 300 people, 200 items, two weeks. Built once per test file. */
export function mediumRun(): GeneratedRun {
  medium ??= generate({ seed: 42, users: 300, items: 200 }, { days: 14 });
  return medium;
}

export function kindOf(event: Event): string {
  return event.payload?.$case ?? 'none';
}

/** The item an event is about, if its kind has one. */
export function itemIdOf(event: Event): string | undefined {
  const p = event.payload;
  switch (p?.$case) {
    case 'view':
      return p.view.itemId;
    case 'click':
      return p.click.itemId;
    case 'addToCart':
      return p.addToCart.itemId;
    case 'removeFromCart':
      return p.removeFromCart.itemId;
    case 'purchase':
      return p.purchase.itemId;
    case 'review':
      return p.review.itemId;
    case 'dialogTurn':
      return p.dialogTurn.itemId;
    default:
      return undefined;
  }
}

export function textOf(event: Event): string | undefined {
  const p = event.payload;
  if (p?.$case === 'review') return p.review.text;
  if (p?.$case === 'dialogTurn') return p.dialogTurn.text;
  if (p?.$case === 'search') return p.search.query;
  return undefined;
}

export function countBy<T>(values: Iterable<T>, key: (value: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(key(value), (counts.get(key(value)) ?? 0) + 1);
  return counts;
}

/** |observed − expected| within `sigmas` binomial standard deviations. */
export function withinBinomial(hits: number, trials: number, rate: number, sigmas = 4): boolean {
  const sd = Math.sqrt(trials * rate * (1 - rate));
  return Math.abs(hits - trials * rate) <= sigmas * sd + 1;
}
