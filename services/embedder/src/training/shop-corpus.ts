import { createShop, type Shop } from '@demand/testkit';
import { itemDocument, type TrainingCorpus } from './corpus.js';

export interface ShopCorpusOptions {
  seed: number;
  users: number;
  items: number;
  days: number;
}

/**
 * The bootstrap corpus: the synthetic shop's catalog, reviews (with stars), searches and
 * customer-service turns, Chinese and English. Customer turns carry the intent the shop's
 * ground truth knows they were written with — the labelled turns an operator would otherwise
 * have to supply. Pure and deterministic: the same options give the same corpus.
 */
export function shopCorpus(options: ShopCorpusOptions): TrainingCorpus {
  const shop = createShop({ seed: options.seed, users: options.users, items: options.items });
  const corpus = shopTexts(shop, options.days, `corpus${options.seed}`);
  return { ...corpus, source: { kind: 'testkit-shop', ...options } };
}

/** A shop's texts over `days` simulated days, with the truth each run knows about them. */
export function shopTexts(
  shop: Shop,
  days: number,
  runId: string,
): Omit<TrainingCorpus, 'source'> & { truth: ShopTextTruth } {
  const run = shop.generateEvents({ days, runId });
  const reviews: TrainingCorpus['reviews'] = [];
  const queries: string[] = [];
  const dialogTurns: TrainingCorpus['dialogTurns'] = [];
  const truth: ShopTextTruth = { reviewSentiments: [], queryTargets: [], queryIntentItems: [], queryLanguages: [] };
  for (const event of run) {
    const payload = event.payload;
    if (payload?.$case === 'review') {
      reviews.push({ text: payload.review.text, rating: payload.review.rating });
      truth.reviewSentiments.push(run.truth.reviews.get(event.eventId)?.sentiment ?? 'neutral');
    } else if (payload?.$case === 'search') {
      const search = run.truth.searches.get(event.eventId);
      queries.push(payload.search.query);
      truth.queryTargets.push(search?.targetItemId ?? '');
      truth.queryIntentItems.push(run.truth.searchIntents.get(search?.intentKey ?? '')?.itemIds ?? []);
      truth.queryLanguages.push(search?.language ?? 'zh');
    } else if (payload?.$case === 'dialogTurn') {
      const intent = run.truth.customerTurnIntents.get(event.eventId);
      dialogTurns.push({ text: payload.dialogTurn.text, ...(intent === undefined ? {} : { intent }) });
    }
  }
  const items = shop.items.map((item) => itemDocument(item));
  return { items, reviews, queries, dialogTurns, truth };
}

/** What the shop knows about its texts, index for index (for evaluation). */
export interface ShopTextTruth {
  /** The sentiment each review was written with (its stars are a noisy reading of it). */
  reviewSentiments: string[];
  /** The item each query's shopper had in mind. */
  queryTargets: string[];
  /** Every item that satisfies each query's need. */
  queryIntentItems: string[][];
  queryLanguages: string[];
}
