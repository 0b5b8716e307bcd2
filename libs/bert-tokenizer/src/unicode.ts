/**
 * Character classes exactly as the Rust `tokenizers` crate's BERT components define them:
 * whitespace = `char::is_whitespace` plus \t \n \r, control = Cc/Cf/Co (minus \t \n \r),
 * punctuation = any ASCII punctuation or Unicode P*, Chinese = the CJK ideograph blocks.
 * Lone surrogates (impossible in Rust strings) count as control characters so they get cleaned.
 */
const WHITESPACE = 1;
const CONTROL = 2;
const PUNCTUATION = 4;
const CHINESE = 8;

const WHITE_SPACE_CODE_POINTS = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
  0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];
const CONTROL_PATTERN = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const PUNCTUATION_PATTERN = /^\p{P}$/u;

let bmpClasses: Uint8Array | undefined;

function classesOfBmp(): Uint8Array {
  if (bmpClasses) return bmpClasses;
  const table = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) {
    const char = String.fromCharCode(cp);
    let flags = 0;
    if (CONTROL_PATTERN.test(char) && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) flags |= CONTROL;
    if (PUNCTUATION_PATTERN.test(char) || isAsciiPunctuation(cp)) flags |= PUNCTUATION;
    if (isChineseCodePoint(cp)) flags |= CHINESE;
    table[cp] = flags;
  }
  for (const cp of WHITE_SPACE_CODE_POINTS) table[cp] = (table[cp] ?? 0) | WHITESPACE;
  bmpClasses = table;
  return table;
}

function isAsciiPunctuation(cp: number): boolean {
  return (
    (cp >= 0x21 && cp <= 0x2f) || (cp >= 0x3a && cp <= 0x40) || (cp >= 0x5b && cp <= 0x60) || (cp >= 0x7b && cp <= 0x7e)
  );
}

function astralFlags(cp: number): number {
  const char = String.fromCodePoint(cp);
  let flags = 0;
  if (CONTROL_PATTERN.test(char)) flags |= CONTROL;
  if (PUNCTUATION_PATTERN.test(char)) flags |= PUNCTUATION;
  if (isChineseCodePoint(cp)) flags |= CHINESE;
  return flags;
}

function flagsOf(cp: number): number {
  return cp < 0x10000 ? (classesOfBmp()[cp] ?? 0) : astralFlags(cp);
}

/** The CJK blocks of the Rust BertNormalizer (note 0x2B920, not BERT-Python's 0x2B820). */
export function isChineseCodePoint(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export function isBertWhitespace(cp: number): boolean {
  return (flagsOf(cp) & WHITESPACE) !== 0;
}

export function isBertControl(cp: number): boolean {
  return (flagsOf(cp) & CONTROL) !== 0;
}

export function isBertPunctuation(cp: number): boolean {
  return (flagsOf(cp) & PUNCTUATION) !== 0;
}

/** Rust's `\w` for added-token `single_word` checks: letters, marks, digits, connector punctuation. */
const WORD_CHARACTER = /^[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]$/u;

export function isWordCharacter(char: string): boolean {
  return WORD_CHARACTER.test(char);
}

export function isUnicodeWhitespace(char: string): boolean {
  const cp = char.codePointAt(0);
  return cp !== undefined && isBertWhitespace(cp);
}
