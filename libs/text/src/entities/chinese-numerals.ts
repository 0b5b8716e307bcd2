/**
 * Chinese numerals to numbers: "两百" → 200, "一千二百五十" → 1250, "一百零八" → 108,
 * "三万五" → 35000 and "一千二" → 1200 (colloquial: a trailing digit counts in the next unit
 * down), "三点五" → 3.5, "二零二四" → 2024, "半" → 0.5. Returns undefined when the string is
 * not a well-formed numeral.
 */

const DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const LARGE_UNITS: Readonly<Record<string, number>> = { 万: 10_000, 亿: 100_000_000 };

export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿';

export function parseChineseNumber(text: string): number | undefined {
  if (text === '半') return 0.5;
  if (text.length === 0) return undefined;
  const point = text.indexOf('点');
  if (point >= 0) {
    if (point === 0) return undefined;
    const whole = parseChineseNumber(text.slice(0, point));
    const fraction = text.slice(point + 1);
    if (whole === undefined || fraction.length === 0) return undefined;
    let decimals = '';
    for (const ch of fraction) {
      const d = DIGITS[ch];
      if (d === undefined) return undefined;
      decimals += String(d);
    }
    return Number(`${whole}.${decimals}`);
  }
  if ([...text].every((ch) => DIGITS[ch] !== undefined)) {
    if (text.length === 1) return DIGITS[text];
    // Digit-by-digit reading (years, model numbers); "两" is never read this way.
    if (text.includes('两')) return undefined;
    return Number([...text].map((ch) => DIGITS[ch]).join(''));
  }
  return parseWithUnits(text);
}

function parseWithUnits(text: string): number | undefined {
  let yi = 0; // everything up to the last 亿
  let wan = 0; // everything since then up to the last 万
  let section = 0; // below 万
  let digit: number | undefined;
  let lastUnit = 0;
  let sawZero = false;
  let previous: 'digit' | 'unit' | 'none' = 'none';

  for (const ch of text) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      if (previous === 'digit' && digit !== 0 && d !== 0) return undefined;
      if (d === 0) sawZero = true;
      digit = d;
      previous = 'digit';
      continue;
    }
    const small = SMALL_UNITS[ch];
    if (small !== undefined) {
      // Within a section the units must fall: 千 … 百 … 十.
      if (lastUnit !== 0 && lastUnit < 10_000 && small >= lastUnit) return undefined;
      const multiplier = digit ?? (small === 10 && section === 0 ? 1 : undefined);
      if (multiplier === undefined || multiplier === 0) return undefined;
      section += multiplier * small;
      digit = undefined;
      lastUnit = small;
      sawZero = false;
      previous = 'unit';
      continue;
    }
    const large = LARGE_UNITS[ch];
    if (large === undefined) return undefined;
    const value = section + (digit ?? 0);
    if (large === 100_000_000) {
      if (value === 0 && wan === 0 && yi === 0) return undefined;
      yi = (yi + wan + value) * large;
      wan = 0;
    } else {
      if (value === 0) return undefined;
      wan = (wan + value) * large;
    }
    section = 0;
    digit = undefined;
    lastUnit = large;
    sawZero = false;
    previous = 'unit';
  }
  if (digit !== undefined && digit !== 0) {
    // "一千二" → 1200, "三万五" → 35000; after 零 the digit is a plain unit ("一百零八").
    const colloquial = previous === 'digit' && lastUnit >= 100 && !sawZero && precededByUnit(text);
    section += colloquial ? digit * (lastUnit / 10) : digit;
  }
  return yi + wan + section;
}

function precededByUnit(text: string): boolean {
  const chars = [...text];
  const before = chars[chars.length - 2];
  return before !== undefined && (SMALL_UNITS[before] !== undefined || LARGE_UNITS[before] !== undefined);
}
