import type { TextLanguage } from './types.js';

const HAN = /\p{Script=Han}/u;
const LATIN_LETTER = /[A-Za-z]/;

/**
 * The language of a shop text, coarsely: any Han character makes it Chinese (a Chinese text often names
 * a brand in Latin letters), else Latin letters make it English; undefined for no letters at all. The
 * aggregator's ClickHouse view `user_texts` (migration 008) applies the same rule in SQL.
 */
export function textLanguage(text: string): TextLanguage | undefined {
  if (HAN.test(text)) return 'zh';
  if (LATIN_LETTER.test(text)) return 'en';
  return undefined;
}
