import { createShop, type Shop } from '../shop.js';

/** A shop's texts over some simulated days, with what the run knows about each (index for index). */
export interface ShopTexts {
  reviews: { text: string; rating: number }[];
  queries: { text: string }[];
  /** Customer turns carry the intent they were written with; agent turns none. */
  dialogTurns: { text: string; intent?: string }[];
  truth: ShopTextTruth;
}

export interface ShopTextTruth {
  /** The sentiment each review was written with (its stars are a noisy reading of it). */
  reviewSentiments: string[];
  /** The item each query's shopper had in mind. */
  queryTargets: string[];
  /** Every item that satisfies each query's need. */
  queryIntentItems: string[][];
  queryLanguages: string[];
}

/** The review, search and dialog texts of `days` simulated days of a shop, in event order. */
export function shopTexts(shop: Shop, days: number, runId: string): ShopTexts {
  const run = shop.generateEvents({ days, runId });
  const texts: ShopTexts = {
    reviews: [],
    queries: [],
    dialogTurns: [],
    truth: { reviewSentiments: [], queryTargets: [], queryIntentItems: [], queryLanguages: [] },
  };
  const { truth } = texts;
  for (const event of run) {
    const payload = event.payload;
    if (payload?.$case === 'review') {
      texts.reviews.push({ text: payload.review.text, rating: payload.review.rating });
      truth.reviewSentiments.push(run.truth.reviews.get(event.eventId)?.sentiment ?? 'neutral');
    } else if (payload?.$case === 'search') {
      const search = run.truth.searches.get(event.eventId);
      texts.queries.push({ text: payload.search.query });
      truth.queryTargets.push(search?.targetItemId ?? '');
      truth.queryIntentItems.push(run.truth.searchIntents.get(search?.intentKey ?? '')?.itemIds ?? []);
      truth.queryLanguages.push(search?.language ?? 'zh');
    } else if (payload?.$case === 'dialogTurn') {
      const intent = run.truth.customerTurnIntents.get(event.eventId);
      texts.dialogTurns.push({ text: payload.dialogTurn.text, ...(intent === undefined ? {} : { intent }) });
    }
  }
  return texts;
}

/** A shop of its own (seed, size, days) as the texts a platform would gather from it; items as `itemText` writes them. */
export interface ShopCorpusOptions {
  seed: number;
  users: number;
  items: number;
  days: number;
}

export function shopCorpusTexts<Item>(
  options: ShopCorpusOptions,
  itemText: (item: Shop['items'][number]) => Item,
): Omit<ShopTexts, 'truth'> & { items: Item[] } {
  const shop = createShop({ seed: options.seed, users: options.users, items: options.items });
  const { truth: _truth, ...texts } = shopTexts(shop, options.days, `corpus${options.seed}`);
  return { items: shop.items.map(itemText), ...texts };
}
