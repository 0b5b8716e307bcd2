/**
 * English street addresses: "123 Main St, Apt 4", "1600 Pennsylvania Ave NW, Washington, DC 20500".
 * A house number, up to four name words, a street suffix, then optional unit and city/state/ZIP.
 * Lower-case text ("3 pcs way too small") is only taken when a unit or ZIP code follows,
 * since title case is the main thing that tells a street name from ordinary words.
 */

const FULL_SUFFIX =
  'street|avenue|road|boulevard|lane|drive|court|way|place|terrace|parkway|highway|circle|square|trail|alley|plaza';
const ABBREVIATED_SUFFIX = 'st|ave|rd|blvd|ln|dr|ct|pl|ter|pkwy|hwy|cir|sq|trl';
// Only an abbreviation takes a dot: in "42 Elm Street." the dot ends the sentence.
const SUFFIX = `(?:${FULL_SUFFIX}|(?:${ABBREVIATED_SUFFIX})\\.?)`;
const UNIT = String.raw`(?<unit>,?\s*(?:apt|apartment|suite|ste|unit|room|rm|floor|fl|#)\.?\s*#?\s*[a-z0-9-]{1,6}\b)`;
const CITY_STATE_ZIP = String.raw`(?:,\s*[a-z][a-z .'-]{1,30}?,\s*[a-z]{2}(?<zip>\s+\d{5}(?:-\d{4})?)?\b)`;
const ZIP_ONLY = String.raw`(?:,?\s+(?<zipOnly>\d{5}(?:-\d{4})?)\b)`;

const ADDRESS = new RegExp(
  String.raw`(?<![\w.])\d{1,6}[a-z]?\s+(?<name>(?:[a-z0-9.'-]+\s+){0,4}?)${SUFFIX}(?:\s+(?:n|s|e|w|ne|nw|se|sw)\b\.?)?` +
    `${UNIT}?(?:${CITY_STATE_ZIP}|${ZIP_ONLY})?(?![\\w])`,
  'gi',
);

const SUFFIX_WORD = new RegExp(`${SUFFIX}$`, 'i');
const TITLE_WORD = /^(?:[A-Z][A-Za-z.'-]*|\d+(?:st|nd|rd|th)|[A-Z]\.?)$/;

type Groups = Record<string, string | undefined>;

function looksLikeStreet(match: string, groups: Groups): boolean {
  if (groups['unit'] || groups['zip'] || groups['zipOnly']) return true;
  const words = (groups['name'] ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return false;
  const suffix = match.match(/[A-Za-z]+\.?(?=(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?$)/)?.[0] ?? '';
  return words.every((w) => TITLE_WORD.test(w)) && /^[A-Z]/.test(suffix) && SUFFIX_WORD.test(suffix);
}

export function maskEnglishAddresses(text: string, placeholder: string): { text: string; count: number } {
  if (!/\d\s+[A-Za-z]/.test(text)) return { text, count: 0 };
  let count = 0;
  const masked = text.replace(ADDRESS, (match: string, ...rest: unknown[]) => {
    const groups = rest[rest.length - 1] as Groups;
    if (!looksLikeStreet(match, groups)) return match;
    count++;
    return placeholder;
  });
  return { text: masked, count };
}
