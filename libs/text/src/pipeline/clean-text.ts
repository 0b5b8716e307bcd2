import { createEntityExtractor, type EntityExtractor } from '../entities/entity-extractor.js';
import type { Entity, EntityDictionary } from '../entities/types.js';
import { maskPii, PII_PLACEHOLDER_PATTERN, type PiiFinding } from '../mask/mask-pii.js';
import { findEmojis } from '../normalize/emoji.js';
import { DEFAULT_MAX_LENGTH, normalizeText, type NormalizeOptions } from '../normalize/normalize-text.js';
import { cutWithoutSplittingPairs } from '../normalize/unicode-cleanup.js';
import { detectLanguage, type Language } from '../segment/language.js';
import { createTokenizer, type GrowableTokenizer, type Tokenizer } from '../segment/tokenizer.js';

export interface CleanTextDeps {
  tokenizer: Tokenizer;
  /** Without one, `entities` is empty. */
  extractor?: EntityExtractor;
  normalize?: NormalizeOptions;
}

export interface CleanTextFlags {
  truncated: boolean;
  piiMasked: boolean;
  htmlStripped: boolean;
  /** Nothing left after cleaning (empty, whitespace, markup or control characters only). */
  empty: boolean;
}

export interface CleanedText {
  /** Normalised text with PII replaced by placeholders: what may be stored and published. */
  text: string;
  tokens: string[];
  /** Offsets index into `text`. */
  entities: Entity[];
  language: Language;
  emojis: string[];
  pii: PiiFinding[];
  flags: CleanTextFlags;
  /** Every normalisation step that changed the text, plus 'pii-masked'. */
  changes: string[];
}

/**
 * normalise → mask PII → tokenise → extract entities → detect language.
 * Masking runs before lower-casing (title case is what marks an English street address) and
 * placeholders keep their upper case, so "[PHONE]" is never mistaken for the word "phone".
 */
export function cleanText(input: string | Uint8Array, deps: CleanTextDeps): CleanedText {
  const lowerCase = deps.normalize?.lowerCase ?? true;
  const maxLength = deps.normalize?.maxLength ?? DEFAULT_MAX_LENGTH;
  // Mask with some text to spare, then cut: PII straddling the cap is masked whole, not leaked in part.
  const normalized = normalizeText(input, { ...deps.normalize, lowerCase: false, maxLength: maxLength + MASK_MARGIN });
  const masked = maskPii(normalized.text);
  const changes = normalized.changes.filter((c) => c !== 'truncated');

  let text = masked.text;
  const truncated = normalized.truncated || text.length > maxLength;
  if (text.length > maxLength) text = cutAtTokenBoundary(text, maxLength);
  if (truncated) changes.push('truncated');
  if (lowerCase) {
    const lowered = lowerCaseOutsidePlaceholders(text);
    if (lowered !== text) changes.push('lower-cased');
    text = lowered;
  }
  const piiMasked = masked.found.length > 0;
  if (piiMasked) changes.push('pii-masked');

  return {
    text,
    tokens: deps.tokenizer.tokenize(text),
    entities: deps.extractor?.extract(text) ?? [],
    language: detectLanguage(text),
    emojis: findEmojis(text),
    pii: masked.found,
    flags: {
      truncated,
      piiMasked,
      htmlStripped: normalized.changes.includes('html-tags-stripped'),
      empty: text.length === 0,
    },
    changes,
  };
}

export interface TextCleanerOptions {
  /** Replaces the bundled stopword list. */
  stopwords?: ReadonlySet<string>;
  /** Extra tokenizer words beyond the dictionary's own. */
  extraUserWords?: readonly string[];
  normalize?: NormalizeOptions;
}

/** Every catalog term as a tokenizer user word: brands, categories and attribute values. */
export function catalogUserWords(dictionary: Partial<EntityDictionary>): string[] {
  const words = new Set<string>([...(dictionary.brands ?? []), ...(dictionary.categories ?? [])]);
  for (const values of Object.values(dictionary.attributeValues ?? {})) for (const value of values) words.add(value);
  return [...words];
}

/** A text cleaner whose catalog grows while it runs (items arrive on a stream). */
export interface CatalogTextCleaner {
  clean(input: string | Uint8Array): CleanedText;
  /** Adds brands, categories and attribute values to the tokenizer and the extractor; returns how many words the tokenizer did not know. */
  learn(terms: Partial<EntityDictionary>): number;
}

/**
 * Like `createTextCleaner`, but the tokenizer and the entity extractor learn new catalog terms
 * in place (jieba's dictionary and the tries grow; nothing is rebuilt), so a stream consumer
 * can teach it each item as it arrives.
 */
export function createCatalogTextCleaner(
  dictionary: Partial<EntityDictionary> = {},
  options: TextCleanerOptions = {},
): CatalogTextCleaner {
  const full: EntityDictionary = {
    brands: dictionary.brands ?? [],
    categories: dictionary.categories ?? [],
    attributeValues: dictionary.attributeValues ?? {},
  };
  const tokenizer: GrowableTokenizer = createTokenizer({
    growable: true,
    userWords: [...catalogUserWords(full), ...(options.extraUserWords ?? [])],
    ...(options.stopwords && { stopwords: options.stopwords }),
  });
  const extractor = createEntityExtractor(full);
  const deps: CleanTextDeps = { tokenizer, extractor, ...(options.normalize && { normalize: options.normalize }) };
  return {
    clean: (input) => cleanText(input, deps),
    learn(terms) {
      const words = catalogUserWords(terms);
      if (words.length === 0) return 0;
      const newWords = tokenizer.addUserWords(words);
      extractor.addTerms(terms);
      return newWords;
    },
  };
}

/**
 * Builds the tokenizer (user words from the catalog) and the entity extractor once and
 * returns a `cleanText` bound to them. Building costs ≈250 ms (jieba's dictionary).
 */
export function createTextCleaner(
  dictionary: EntityDictionary,
  options: TextCleanerOptions = {},
): (input: string | Uint8Array) => CleanedText {
  const deps: CleanTextDeps = {
    tokenizer: createTokenizer({
      userWords: [...catalogUserWords(dictionary), ...(options.extraUserWords ?? [])],
      ...(options.stopwords && { stopwords: options.stopwords }),
    }),
    extractor: createEntityExtractor(dictionary),
    ...(options.normalize && { normalize: options.normalize }),
  };
  return (input) => cleanText(input, deps);
}

const MASK_MARGIN = 64;

/**
 * Cuts to `maxLength` without splitting a placeholder, a surrogate pair or a Latin/digit run:
 * the tail of a number or e-mail cut in half could still identify someone.
 */
function cutAtTokenBoundary(text: string, maxLength: number): string {
  let cut = cutWithoutSplittingPairs(text, maxLength);
  const openPlaceholder = cut.lastIndexOf('[');
  if (openPlaceholder >= 0 && !cut.includes(']', openPlaceholder) && /^\[[A-Z]*$/.test(cut.slice(openPlaceholder))) {
    cut = cut.slice(0, openPlaceholder);
  }
  if (/[\w@.+-]$/.test(cut) && /^[\w@.+-]/.test(text.slice(cut.length))) cut = cut.replace(/[\w@.+-]+$/, '');
  return cut.trimEnd();
}

function lowerCaseOutsidePlaceholders(text: string): string {
  let out = '';
  let cursor = 0;
  for (const match of text.matchAll(PII_PLACEHOLDER_PATTERN)) {
    out += text.slice(cursor, match.index).toLowerCase() + match[0];
    cursor = match.index + match[0].length;
  }
  return out + text.slice(cursor).toLowerCase();
}
