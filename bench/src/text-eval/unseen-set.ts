import { createShop } from '@demand/testkit';
import { unseenQueries, unseenReviews, unseenTurns } from '@demand/test-e2e';
import type { UnseenSet } from './unseen-scores.js';

/** The shop the unseen-text eval streams through the platform; its catalog is what unseen queries search. */
export const UNSEEN_EVAL_SHOP = { seed: 31, users: 2000, items: 300, startDay: '2026-09-01' } as const;

/**
 * The unseen-text eval's held-out set (test-e2e/src/unseen-texts.ts, fixed seeds): 600 reviews,
 * customer turns, category queries for the shop's leaves, and the shop's catalog. Split it into
 * DEV and TEST with splitUnseen.
 */
export function unseenSet(): UnseenSet {
  const shop = createShop(UNSEEN_EVAL_SHOP);
  return {
    reviews: unseenReviews(600, 101),
    turns: unseenTurns(40, 102),
    queries: unseenQueries(new Set(shop.items.map((item) => item.categoryPath[2] ?? '')), 12, 103),
    items: shop.items,
  };
}
