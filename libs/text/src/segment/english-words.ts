/**
 * Word rules for the non-Chinese parts of a text (already lower-cased): letters split on
 * anything else, except that a number glued to a known unit stays one token ("128gb",
 * "500ml", "3.5k", "1080p"), "1,299" becomes "1299", and "don't" keeps its apostrophe.
 * A possessive "'s" is dropped, and so are lone letters.
 */

const UNIT_SUFFIXES = new Set([
  'gb',
  'tb',
  'mb',
  'kb',
  'g',
  'kg',
  'mg',
  'lb',
  'lbs',
  'oz',
  'ml',
  'l',
  'cl',
  'dl',
  'mm',
  'cm',
  'm',
  'km',
  'in',
  'inch',
  'ft',
  'w',
  'kw',
  'v',
  'mah',
  'wh',
  'hz',
  'khz',
  'mhz',
  'ghz',
  'k',
  'p',
  'mp',
  'fps',
  'nm',
  'pcs',
  'pc',
  'x',
  'st',
  'nd',
  'rd',
  'th',
  'gen',
  'yr',
  'yrs',
  'pack',
  'pk',
]);

const PIECE = /\d+(?:[.,]\d+)*[\p{L}\p{M}]*|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
const NUMBER_THEN_LETTERS = /^(\d+(?:[.,]\d+)*)([\p{L}\p{M}]*)$/u;

export function englishTokens(segment: string): string[] {
  const tokens: string[] = [];
  for (const piece of segment.match(PIECE) ?? []) {
    const numeric = NUMBER_THEN_LETTERS.exec(piece);
    if (numeric) {
      const number = normaliseNumber(numeric[1]!);
      const letters = numeric[2]!;
      if (letters === '' || UNIT_SUFFIXES.has(letters)) {
        tokens.push(number + letters);
      } else {
        tokens.push(number);
        if (letters.length > 1) tokens.push(letters);
      }
      continue;
    }
    const word = piece.replace(/’/g, "'").replace(/'s$/, '');
    if (word.length > 1) tokens.push(word);
  }
  return tokens;
}

/** "1,299" → "1299" (thousands separators); "3.5" stays; "1,5" (decimal comma) → "1.5". */
function normaliseNumber(raw: string): string {
  if (!raw.includes(',')) return raw;
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(raw)) return raw.replace(/,/g, '');
  return raw.replace(/,/g, '.');
}
