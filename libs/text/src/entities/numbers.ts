import { CHINESE_NUMERAL_CHARS, parseChineseNumber } from './chinese-numerals.js';

/** Regex sources for numbers in folded (lower-case, half-width) text. */
// Bounded repetitions keep matching linear on adversarial digit or numeral runs.
export const ARABIC_NUMBER = String.raw`(?:\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,6})?)(?!\d)`;
export const CHINESE_NUMBER = `(?:(?<![${CHINESE_NUMERAL_CHARS}])[${CHINESE_NUMERAL_CHARS}]{1,12}(?:点[零〇一二三四五六七八九]{1,6})?|半)`;
/** A number with an optional magnitude: "1,299", "2.5万", "3.5k", "2w", "两百". */
export const AMOUNT = String.raw`(?:${ARABIC_NUMBER}(?:[千万亿]|[kw](?![a-z]))?|${CHINESE_NUMBER})`;
/** Like AMOUNT but without the k/w shorthands, which clash with units ("65w" is watts). */
export const COUNT = String.raw`(?:${ARABIC_NUMBER}[千万]?|${CHINESE_NUMBER})`;
/** Numbers may not start inside a Latin word, another number ("1,299", "3.5") or an ordinal ("第2件"). */
export const NUMBER_START = String.raw`(?<![a-z\d第]|\d[.,])`;

const MAGNITUDES: Readonly<Record<string, number>> = {
  k: 1_000,
  千: 1_000,
  w: 10_000,
  万: 10_000,
  亿: 100_000_000,
};

export interface ParsedAmount {
  value: number;
  /** The magnitude written after the digits, if any ("2万" → 10000). */
  magnitude: number | undefined;
  /** Written with the k/w shorthand. */
  shorthand: boolean;
}

export function parseAmount(raw: string): ParsedAmount | undefined {
  const text = raw.trim();
  const arabic = /^(\d[\d,]*(?:\.\d+)?)([千万亿kw])?$/.exec(text);
  if (arabic) {
    const digits = Number(arabic[1]!.replace(/,/g, ''));
    if (!Number.isFinite(digits)) return undefined;
    const unit = arabic[2];
    const magnitude = unit ? MAGNITUDES[unit] : undefined;
    return { value: round(digits * (magnitude ?? 1)), magnitude, shorthand: unit === 'k' || unit === 'w' };
  }
  const value = parseChineseNumber(text);
  if (value === undefined) return undefined;
  return { value, magnitude: undefined, shorthand: false };
}

/** Removes floating-point noise: 3.5 * 1000 stays 3500, 0.1 * 5 becomes 0.5. */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
