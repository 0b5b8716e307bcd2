import { createShop, shopTexts } from '@demand/testkit';
import { itemDocument, type TrainingCorpus } from '../../src/training/corpus.js';

export interface ShopCorpusOptions {
  seed: number;
  users: number;
  items: number;
  days: number;
}

/** A test-kit shop's texts as a training corpus (tests only: production reads the shop's own data). */
export function shopCorpus(options: ShopCorpusOptions): TrainingCorpus {
  const shop = createShop({ seed: options.seed, users: options.users, items: options.items });
  const { truth: _truth, ...texts } = shopTexts(shop, options.days, `corpus${options.seed}`);
  return {
    items: shop.items.map((item) => itemDocument(item)),
    ...texts,
    source: { kind: 'seed-file', path: `testkit seed ${options.seed}` },
    window: { start: '', end: '' },
  };
}
