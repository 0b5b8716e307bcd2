import type { BertNormalizerJson } from './tokenizer-json.js';
import { isBertControl, isBertWhitespace, isChineseCodePoint } from './unicode.js';

export interface BertNormalizerOptions {
  cleanText: boolean;
  handleChineseChars: boolean;
  stripAccents: boolean;
  lowercase: boolean;
}

const NON_ASCII = /[^\x00-\x7f]/;
const NONSPACING_MARKS = /\p{Mn}/gu;
const NEEDS_CLEANING = /[^\x20-\x7e]/;

/** Options as the Rust crate reads them: `strip_accents: null` follows `lowercase`. */
export function bertNormalizerOptions(json: BertNormalizerJson): BertNormalizerOptions {
  const lowercase = json.lowercase ?? true;
  return {
    cleanText: json.clean_text ?? true,
    handleChineseChars: json.handle_chinese_chars ?? true,
    stripAccents: json.strip_accents ?? lowercase,
    lowercase,
  };
}

/** BertNormalizer in the Rust crate's order: clean text, space out CJK, strip accents, lowercase. */
export function normalizeBert(text: string, options: BertNormalizerOptions): string {
  let result = text;
  if (options.cleanText && NEEDS_CLEANING.test(result)) result = cleanText(result);
  if (options.handleChineseChars && NON_ASCII.test(result)) result = spaceChineseChars(result);
  if (options.stripAccents && NON_ASCII.test(result)) result = result.normalize('NFD').replace(NONSPACING_MARKS, '');
  if (options.lowercase) result = lowercasePerCharacter(result);
  return result;
}

function cleanText(text: string): string {
  let out = '';
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp === 0 || cp === 0xfffd || isBertControl(cp)) continue;
    out += isBertWhitespace(cp) ? ' ' : char;
  }
  return out;
}

function spaceChineseChars(text: string): string {
  let out = '';
  for (const char of text) {
    out += isChineseCodePoint(char.codePointAt(0) ?? 0) ? ` ${char} ` : char;
  }
  return out;
}

/** Rust lowercases char by char, so a final capital sigma becomes σ, never the contextual ς. */
function lowercasePerCharacter(text: string): string {
  if (!text.includes('\u03a3')) return text.toLowerCase();
  let out = '';
  for (const char of text) out += char.toLowerCase();
  return out;
}
