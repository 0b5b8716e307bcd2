import { PII_PLACEHOLDER_PATTERN } from '../mask/mask-pii.js';

export type Language = 'zh' | 'en' | 'mixed' | 'other';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{Script=Latin}+/gu;
const OTHER_LETTER = /[\p{L}--[\p{Script=Han}\p{Script=Latin}]]/gv;

/** Weight of one Latin word against one Han character (an English word carries about two). */
const LATIN_WORD_WEIGHT = 2;
const DOMINANT_SHARE = 0.7;

/**
 * Language of a short text by script mass: Han characters against Latin words against letters
 * of other scripts (kana, Hangul, Cyrillic…). A brand name inside a Chinese sentence stays
 * 'zh'; a title that is half English, half Chinese is 'mixed'; digits, emoji and punctuation
 * alone are 'other'.
 */
export function detectLanguage(text: string): Language {
  const content = text.replace(PII_PLACEHOLDER_PATTERN, ' ');
  const han = content.match(HAN)?.length ?? 0;
  const latin = (content.match(LATIN_WORD)?.length ?? 0) * LATIN_WORD_WEIGHT;
  const other = content.match(OTHER_LETTER)?.length ?? 0;
  const total = han + latin + other;
  if (total === 0) return 'other';
  if (han / total >= DOMINANT_SHARE) return 'zh';
  if (latin / total >= DOMINANT_SHARE) return 'en';
  if (other >= han + latin) return 'other';
  return han > 0 && latin > 0 ? 'mixed' : 'other';
}
