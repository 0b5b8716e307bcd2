import { type ShopCorpusOptions, shopCorpusTexts } from '@demand/testkit';
import { itemDocument, type TrainingCorpus } from '../../src/training/corpus.js';

/** A test-kit shop's texts as a training corpus (tests only: production reads the shop's own data). */
export function shopCorpus(options: ShopCorpusOptions): TrainingCorpus {
  return {
    ...shopCorpusTexts(options, (item) => itemDocument(item)),
    source: { kind: 'seed-file', path: `testkit seed ${options.seed}` },
    window: { start: '', end: '' },
  };
}
