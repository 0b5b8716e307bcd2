/**
 * Shapes of personal data that must never leave the preprocessor in the clear, as the test
 * kit writes them: Chinese mobiles, e-mail addresses, 18-character resident IDs, UnionPay
 * card numbers (grouped or not) and street addresses down to the door number.
 */
export const PII_PATTERNS: Readonly<Record<string, RegExp>> = {
  mobile: /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d{9}(?!\d)/,
  email: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/,
  residentId: /(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)/,
  bankCard: /(?<!\d)62\d{14,17}(?!\d)|(?<!\d)62\d{2}(?: \d{4}){3}(?!\d)/,
  chineseStreetAddress: /[\u4e00-\u9fff]{1,8}(?:路|街|大道)\d{1,5}号/,
  englishStreetAddress: /\b\d{1,5} [A-Z][a-z]+ (?:St|Street|Ave|Avenue|Rd|Road|Blvd)\b/,
};

/** The names of the patterns found in `text`. */
export function piiFoundIn(text: string): string[] {
  return Object.entries(PII_PATTERNS)
    .filter(([, pattern]) => pattern.test(text))
    .map(([name]) => name);
}
