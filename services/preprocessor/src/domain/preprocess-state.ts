import { createCatalogTextCleaner } from '@demand/text';
import { BotDetector, type BotRuleSettings } from './bot-detector.js';
import type { ItemUpsert } from '@demand/contracts';
import { CatalogView, hasTerms, knownItemOf } from './catalog-view.js';
import type { PreprocessState } from './preprocess.js';
import { Pseudonymizer, type PseudonymKey } from '@demand/pseudonyms';
import { RecentIds } from './recent-ids.js';
import { MemoizedTextCleaner } from './text-memo.js';

/**
 * The preprocessor's memory, built once: duplicate window, catalog view with its text cleaner
 * (jieba + catalog dictionary, ≈150 ms to build; recent answers remembered), pseudonymiser and bot windows.
 */
export function createPreprocessState(options: {
  key: PseudonymKey;
  dedupWindow: number;
  bots: BotRuleSettings;
  maxTextLength: number;
}): PreprocessState & { learnItems(items: readonly ItemUpsert[]): void } {
  const catalog = new CatalogView();
  // Case is kept in published text (titles, names); tokens are lower-cased by the tokenizer.
  // Texts are kept whole up to the validation limit (longer ones are rejected before cleaning).
  const cleaner = new MemoizedTextCleaner(
    createCatalogTextCleaner({}, { normalize: { lowerCase: false, maxLength: options.maxTextLength } }),
  );
  return {
    seen: new RecentIds(options.dedupWindow),
    catalog,
    cleanText: cleaner.clean,
    learnTerms: (terms) => cleaner.learn(terms),
    pseudonyms: new Pseudonymizer(options.key),
    bots: new BotDetector(options.bots),
    /** Items from the catalog feed (read whole at start, then followed). */
    learnItems(items) {
      for (const item of items) {
        const terms = catalog.learn(knownItemOf(item));
        if (hasTerms(terms)) cleaner.learn(terms);
      }
    },
  };
}
