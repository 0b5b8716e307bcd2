/**
 * English street addresses: "123 Main St, Apt 4", "1600 Pennsylvania Ave NW, Washington, DC 20500",
 * "Room 1203, Building 5, 88 Jianguo Road, Chaoyang District, Beijing 100022, China".
 * A house number, up to four name words, a street suffix, then optional unit and city/state/ZIP.
 * Lower-case text ("3 pcs way too small") is only taken when a unit or ZIP code follows,
 * since title case is the main thing that tells a street name from ordinary words. Once a
 * street is found, the parts written around it are masked with it: room, flat, floor,
 * building or block before it; district, city, province, postcode and country after it.
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

const PREMISE_WORD = String.raw`(?:room|rm|flat|apt|apartment|suite|ste|unit|floor|fl|building|bldg|block|blk|tower|house)`;
/** Premise parts written before the house number, each ending right where the next begins. */
const PREMISE_BEFORE = new RegExp(
  String.raw`(?:(?<![\w])(?:${PREMISE_WORD}\.?\s*(?:no\.?\s*)?#?\s*[a-z0-9-]{1,6}|[a-z0-9-]{1,6}(?:st|nd|rd|th)?\s+(?:floor|fl)\.?)\s*,?\s*)+$`,
  'i',
);
const LOCALITY_WORD = String.raw`(?:district|county|city|province|prefecture|borough|town|township|village|new area|state|region)`;
const POSTCODE = String.raw`(?:\d{5,6}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})`;
const COUNTRY = String.raw`(?:china|p\.?\s?r\.?\s?china|usa|u\.s\.a?\.?|united states|uk|united kingdom|canada|australia|singapore)`;
const TITLE_WORDS = String.raw`[A-Z][A-Za-z'-]*(?:\s+[A-Z][A-Za-z'-]*){0,3}`;
/** One locality part after the street: ", Chaoyang District", ", Beijing 100022", ", China". */
const LOCALITY_AFTER = new RegExp(
  String.raw`^,?\s*(?:(?<named>${TITLE_WORDS})\s+${LOCALITY_WORD}\b|${COUNTRY}\b|(?<place>${TITLE_WORDS})(?=\s*(?:,|\s+${POSTCODE}\b))|${POSTCODE}\b)(?:\s+${POSTCODE}\b)?`,
  'i',
);
const MAX_LOCALITY_PARTS = 5;

/** Extends an accepted street match over the premise before it and the locality after it. */
function addressSpan(text: string, start: number, end: number): [number, number] {
  const before = PREMISE_BEFORE.exec(text.slice(Math.max(0, start - 80), start));
  const from = before ? start - before[0].length : start;
  let to = end;
  let sawLocality = false;
  for (let part = 0; part < MAX_LOCALITY_PARTS; part++) {
    const next = LOCALITY_AFTER.exec(text.slice(to));
    if (!next) break;
    // A bare title-case place counts only beside a named locality or a postcode (", Beijing 100022").
    const bare = next.groups?.['place'] !== undefined && !/\d/.test(next[0]);
    if (bare && !sawLocality) break;
    sawLocality = true;
    to += next[0].length;
  }
  return [from, to];
}

/** "PO Box 1234", "P.O. Box 88": an address on its own, extended over the locality like a street. */
const PO_BOX = new RegExp(
  String.raw`(?<![\w])(?:p\.?\s?o\.?\s?box|post office box)\s*#?\s*\d{1,6}\b${CITY_STATE_ZIP}?`,
  'gi',
);

function streetsAndBoxes(text: string): [number, number][] {
  const found: [number, number][] = [];
  for (const match of text.matchAll(ADDRESS)) {
    if (looksLikeStreet(match[0], (match.groups ?? {}) as Groups))
      found.push([match.index, match.index + match[0].length]);
  }
  for (const match of text.matchAll(PO_BOX)) found.push([match.index, match.index + match[0].length]);
  return found.sort((a, b) => a[0] - b[0]);
}

export function maskEnglishAddresses(text: string, placeholder: string): { text: string; count: number } {
  if (!/\d[A-Za-z]?\s+[A-Za-z]|box\s*#?\s*\d/i.test(text)) return { text, count: 0 };
  const spans: [number, number][] = [];
  for (const [start, end] of streetsAndBoxes(text)) {
    const [from, to] = addressSpan(text, start, end);
    const last = spans.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else spans.push([from, to]);
  }
  if (spans.length === 0) return { text, count: 0 };
  let masked = '';
  let cursor = 0;
  for (const [from, to] of spans) {
    masked += text.slice(cursor, from) + placeholder;
    cursor = to;
  }
  return { text: masked + text.slice(cursor), count: spans.length };
}
