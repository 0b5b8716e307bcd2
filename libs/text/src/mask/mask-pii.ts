import { maskChineseAddresses } from './chinese-address.js';
import { maskEnglishAddresses } from './english-address.js';
import {
  isPlausibleCardNumber,
  isPlausibleSsn,
  isValidHongKongId,
  isValidIpv4Octets,
  isValidResidentId15,
  isValidResidentId18,
} from './validators.js';

export type PiiKind = 'email' | 'ip' | 'id' | 'card' | 'phone' | 'address';

export interface PiiFinding {
  kind: PiiKind;
  count: number;
}

export interface MaskedText {
  text: string;
  /** One entry per kind that was found, in masking order. */
  found: PiiFinding[];
}

export const PII_PLACEHOLDERS: Readonly<Record<PiiKind, string>> = {
  email: '[EMAIL]',
  ip: '[IP]',
  id: '[ID]',
  card: '[CARD]',
  phone: '[PHONE]',
  address: '[ADDRESS]',
};

/** Matches any placeholder this module writes (case-sensitive: they are upper-case). */
export const PII_PLACEHOLDER_PATTERN = /\[(?:EMAIL|IP|ID|CARD|PHONE|ADDRESS)\]/g;

// No digit or Latin letter may touch a number on either side: "SN13812345678" and
// "1381234567890" are not phone numbers.
const NOT_AFTER = String.raw`(?<![0-9A-Za-z])`;
const NOT_BEFORE = String.raw`(?![0-9A-Za-z])`;

// The full-width ＠ of Chinese keyboards counts as @.
const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})[@＠][A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;
const ID_18 = new RegExp(`${NOT_AFTER}\\d{6}[\\s-]?\\d{8}[\\s-]?\\d{3}[\\dXx]${NOT_BEFORE}`, 'g');
const ID_15 = new RegExp(`${NOT_AFTER}\\d{15}${NOT_BEFORE}`, 'g');
const CARD = new RegExp(
  `${NOT_AFTER}(?:\\d{13,19}|\\d{4}(?:[ -]\\d{4}){2,3}(?:[ -]\\d{1,4})?|\\d{4}[ -]\\d{6}[ -]\\d{5})${NOT_BEFORE}`,
  'g',
);
const MOBILE = new RegExp(
  `(?:(?<![0-9A-Za-z+])(?:\\+|00)86[\\s-]?|\\(\\+?86\\)\\s?|${NOT_AFTER}86[\\s-]?|${NOT_AFTER})1[3-9]\\d(?:[\\s.-]?\\d{4}){2}${NOT_BEFORE}`,
  'g',
);
const LANDLINE = new RegExp(
  `(?:${NOT_AFTER}0\\d{2,3}[\\s-]?|\\(0\\d{2,3}\\)\\s?)(?:[2-9]\\d{6,7}|[2-9]\\d{2,3}[\\s-]\\d{4})(?:(?:-|转|ext\\.?\\s?)\\d{1,6})?${NOT_BEFORE}`,
  'g',
);

// North American numbers need separators ("(555) 123-4567", "+1 415.555.0100"); toll-free
// prefixes and China's 400 service lines are business numbers and stay.
const NOT_TOLL_FREE = '(?!400|800|888|877|866|855|844|833)';
const NANP = new RegExp(
  `(?:(?<![0-9A-Za-z+])\\+?1[\\s.-]?)?(?:\\(${NOT_TOLL_FREE}[2-9]\\d{2}\\)\\s?|${NOT_AFTER}${NOT_TOLL_FREE}[2-9]\\d{2}[\\s.-])[2-9]\\d{2}[\\s.-]\\d{4}${NOT_BEFORE}`,
  'g',
);
// Any other country in international form: "+44 20 7946 0958", "+852 2123 4567" (8-15 digits).
const INTERNATIONAL = new RegExp(
  `(?<![0-9A-Za-z+])\\+[1-9]\\d{0,2}(?:[\\s.-]?\\(?\\d{1,4}\\)?){2,6}${NOT_BEFORE}`,
  'g',
);
const SSN = new RegExp(`${NOT_AFTER}\\d{3}-\\d{2}-\\d{4}${NOT_BEFORE}`, 'g');
const HK_ID = /(?<![0-9A-Za-z])[A-Z]{1,2}\d{6}\s?\(\s?[0-9A]\s?\)/g;
// Passport numbers look like model numbers, so only right after the word: "护照号E12345678", "passport: G1234567".
const PASSPORT = /(?<=(?:护照|passport)\s*(?:no\.?|number|号码|号)?\s*[:：#]?\s*)[A-Z]{1,2}\d{7,8}(?![0-9A-Za-z])/gi;

// A dotted quad right after these words is a version number, not an address.
const VERSION_CONTEXT = /(?:version|ver\.?|v|版本|版本号|固件|系统|firmware|build|ios|android)\s*[:：]?\s*$/i;

// Long digit runs right after these words are order or tracking numbers, not cards.
const ORDER_CONTEXT = /(?:订单|单号|运单|快递|物流|编号|流水|order|tracking|invoice|ref)[^0-9]{0,6}$/i;

function afterOrderWords(text: string, offset: number): boolean {
  return ORDER_CONTEXT.test(text.slice(Math.max(0, offset - 16), offset));
}

type Validator = (match: string, offset: number, text: string) => boolean;

/** Patterns have no capture groups, so replace callbacks get (match, offset, text). */
interface Rule {
  kind: PiiKind;
  pattern: RegExp;
  quickCheck: RegExp;
  isReal?: Validator;
}

const digitsOf = (s: string): string => s.replace(/[^\dXx]/g, '');

const RULES: Rule[] = [
  { kind: 'email', pattern: EMAIL, quickCheck: /[@＠]/ },
  {
    kind: 'ip',
    pattern: IPV4,
    quickCheck: /\d\.\d{1,3}\.\d/,
    isReal: (m, offset, text) =>
      isValidIpv4Octets(m) && !VERSION_CONTEXT.test(text.slice(Math.max(0, offset - 12), offset)),
  },
  { kind: 'id', pattern: ID_18, quickCheck: /\d{6}/, isReal: (m) => isValidResidentId18(digitsOf(m)) },
  {
    kind: 'id',
    pattern: ID_15,
    quickCheck: /\d{15}/,
    isReal: (m, offset, text) => !afterOrderWords(text, offset) && isValidResidentId15(m),
  },
  {
    kind: 'card',
    pattern: CARD,
    quickCheck: /\d{4}/,
    isReal: (m, offset, text) => {
      const digits = digitsOf(m);
      if (/^(?:86)?1[3-9]\d{9}$/.test(digits)) return false;
      if (afterOrderWords(text, offset)) return false;
      return isPlausibleCardNumber(digits);
    },
  },
  { kind: 'id', pattern: HK_ID, quickCheck: /\d{6}\s?\(/, isReal: isValidHongKongId },
  { kind: 'id', pattern: PASSPORT, quickCheck: /护照|passport/i },
  { kind: 'id', pattern: SSN, quickCheck: /\d{3}-\d{2}-\d{4}/, isReal: isPlausibleSsn },
  { kind: 'phone', pattern: MOBILE, quickCheck: /1[3-9]\d/ },
  { kind: 'phone', pattern: LANDLINE, quickCheck: /0\d{2}/ },
  {
    kind: 'phone',
    pattern: NANP,
    quickCheck: /\d{3}[\s.-]\d{4}/,
    // Space-separated digit groups are more often prices or sizes unless written as a phone.
    isReal: (m) => /[(+]/.test(m) || /^1?[\s.-]?\d{3}([.-])\d{3}\1\d{4}$/.test(m) || /^1[\s.-]/.test(m),
  },
  {
    kind: 'phone',
    pattern: INTERNATIONAL,
    quickCheck: /\+[1-9]/,
    isReal: (m) => {
      const digits = m.replace(/\D/g, '').length;
      return digits >= 8 && digits <= 15;
    },
  },
];

/**
 * Replaces personal data with typed placeholders ([PHONE], [EMAIL], [ID], [CARD], [IP],
 * [ADDRESS]). Numbers are validated (ID checksum and birth date, Luhn, octet ranges) so
 * prices, quantities, dates, model and order numbers survive.
 */
export function maskPii(text: string): MaskedText {
  const counts = new Map<PiiKind, number>();
  const add = (kind: PiiKind, n: number): void => {
    if (n > 0) counts.set(kind, (counts.get(kind) ?? 0) + n);
  };
  let masked = typeof text === 'string' ? text : '';

  if (/\d|[@＠]/.test(masked)) {
    for (const rule of RULES) {
      if (!rule.quickCheck.test(masked)) continue;
      let n = 0;
      masked = masked.replace(rule.pattern, (match: string, offset: number, whole: string) => {
        if (rule.isReal && !rule.isReal(match, offset, whole)) return match;
        n++;
        return PII_PLACEHOLDERS[rule.kind];
      });
      add(rule.kind, n);
    }
  }

  const chinese = maskChineseAddresses(masked, PII_PLACEHOLDERS.address);
  const english = maskEnglishAddresses(chinese.text, PII_PLACEHOLDERS.address);
  add('address', chinese.count + english.count);
  masked = english.text;

  return { text: masked, found: [...counts].map(([kind, count]) => ({ kind, count })) };
}
