import { shopCorpusTexts } from '@demand/testkit';
import { itemDocument, type TrainingCorpus } from '../../src/training/corpus.js';

export interface ShopCorpusOptions {
  seed: number;
  users: number;
  items: number;
  days: number;
}

/** A test-kit shop's texts as a training corpus (tests only: production reads the shop's own data). */
export function shopCorpus(options: ShopCorpusOptions): TrainingCorpus {
  return {
    ...shopCorpusTexts(options, (item) => itemDocument(item)),
    source: { kind: 'seed-file', path: `testkit seed ${options.seed}` },
    window: { start: '', end: '' },
  };
}
