export { normalizeText, collapseWhitespace, DEFAULT_MAX_LENGTH } from './normalize/normalize-text.js';
export type { NormalizeOptions, NormalizedText } from './normalize/normalize-text.js';
export { maskPii, PII_PLACEHOLDERS } from './mask/mask-pii.js';
export type { MaskedText, PiiFinding, PiiKind } from './mask/mask-pii.js';
export { createTokenizer } from './segment/tokenizer.js';
export type { GrowableTokenizer, Tokenizer, TokenizerOptions } from './segment/tokenizer.js';
export { detectLanguage } from './segment/language.js';
export { commonChineseCharacters } from './segment/common-characters.js';
export type { Language } from './segment/language.js';
export { DEFAULT_STOPWORDS, CHINESE_STOPWORDS, ENGLISH_STOPWORDS } from './segment/stopwords.js';
export { createEntityExtractor } from './entities/entity-extractor.js';
export type { EntityExtractor } from './entities/entity-extractor.js';
export type { Entity, EntityKind, EntityDictionary } from './entities/types.js';
export {
  catalogTermsOf,
  MIN_CATALOG_TERM_LENGTH,
  type CatalogTermLists,
  type ItemWithTerms,
} from './entities/catalog-terms.js';
export { parseChineseNumber } from './entities/chinese-numerals.js';
export { cleanText, createTextCleaner, createCatalogTextCleaner, catalogUserWords } from './pipeline/clean-text.js';
export type {
  CatalogTextCleaner,
  CleanTextDeps,
  CleanedText,
  CleanTextFlags,
  TextCleanerOptions,
} from './pipeline/clean-text.js';
