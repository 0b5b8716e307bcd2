/**
 * Removal of code units that carry no text: lone surrogates (what a lossy decoder leaves of
 * invalid UTF-8 or broken UTF-16), U+FFFD replacement characters, C0/C1 control characters,
 * and invisible formatting characters (zero-width spaces, bidi overrides, BOM).
 * Tabs and line breaks are kept for the whitespace step to collapse.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT_CHAR = /\uFFFD/g;
const CONTROL_CHAR = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g;
// ZWSP, ZWNJ, LRM/RLM, bidi embeddings/overrides/isolates, word joiner, BOM, noncharacters.
const INVISIBLE_CHAR = /[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFFE\uFFFF]/g;
// A zero-width joiner only means something inside an emoji sequence.
const STRAY_ZERO_WIDTH_JOINER =
  /(?<![\p{Extended_Pictographic}\u{FE0F}\u{1F3FB}-\u{1F3FF}])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

const QUICK_CHECK =
  /[\uD800-\uDFFF\uFFFD\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFFE\uFFFF]/;

export interface CleanupResult {
  text: string;
  changes: string[];
}

export function removeInvalidCharacters(input: string): CleanupResult {
  if (!QUICK_CHECK.test(input)) return { text: input, changes: [] };
  const changes: string[] = [];
  let text = input;
  const steps: [RegExp, string][] = [
    [LONE_SURROGATE, 'lone-surrogates-removed'],
    [REPLACEMENT_CHAR, 'replacement-chars-removed'],
    [CONTROL_CHAR, 'control-chars-removed'],
    [INVISIBLE_CHAR, 'invisible-chars-removed'],
    [STRAY_ZERO_WIDTH_JOINER, 'invisible-chars-removed'],
  ];
  for (const [pattern, change] of steps) {
    const next = text.replace(pattern, '');
    if (next !== text) {
      text = next;
      if (!changes.includes(change)) changes.push(change);
    }
  }
  return { text, changes };
}

/** Cuts to at most `maxUnits` UTF-16 code units without splitting a surrogate pair. */
export function cutWithoutSplittingPairs(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let end = maxUnits;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}
