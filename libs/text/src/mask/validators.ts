/** Checksums and plausibility checks that separate real identifiers from random digit runs. */

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** First two digits of a PRC resident ID: province-level division codes (GB/T 2260). */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83, 91,
]);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** 18-character PRC resident ID (GB 11643): region, birth date, sequence, ISO 7064 check. */
export function isValidResidentId18(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!PROVINCE_CODES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  if (year < 1900 || year > 2100) return false;
  if (!isRealDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11] === id[17]!.toUpperCase();
}

/** 15-digit first-generation ID (no check digit): region and a real 19xx birth date. */
export function isValidResidentId15(id: string): boolean {
  if (!/^\d{15}$/.test(id)) return false;
  if (!PROVINCE_CODES.has(Number(id.slice(0, 2)))) return false;
  return isRealDate(1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12)));
}

/**
 * Payment card: 13–19 digits, a major-industry first digit that issuers use (2–6, 9; UnionPay
 * 62, old domestic 9xx), Luhn. Rejects millisecond timestamps (start with 1) and phone numbers.
 */
export function isPlausibleCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^[2-69]/.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return passesLuhn(digits);
}

export function isValidIpv4Octets(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** Hong Kong identity card: one or two letters, six digits, a check digit or A (mod 11). */
export function isValidHongKongId(id: string): boolean {
  const match = /^([A-Z]{1,2})(\d{6})\s?\(\s?([0-9A])\s?\)$/.exec(id);
  if (!match) return false;
  const letters = match[1]!.padStart(2, ' ');
  const value = (c: string) => (c === ' ' ? 36 : c.charCodeAt(0) - 55);
  let sum = value(letters[0]!) * 9 + value(letters[1]!) * 8;
  for (let i = 0; i < 6; i++) sum += (match[2]!.charCodeAt(i) - 48) * (7 - i);
  const check = (11 - (sum % 11)) % 11;
  return (check === 10 ? 'A' : String(check)) === match[3];
}

/** US social security number: no 000, 666 or 9xx area, no 00 group, no 0000 serial. */
export function isPlausibleSsn(ssn: string): boolean {
  const match = /^(\d{3})-(\d{2})-(\d{4})$/.exec(ssn);
  if (!match) return false;
  const area = match[1]!;
  return area !== '000' && area !== '666' && area[0] !== '9' && match[2] !== '00' && match[3] !== '0000';
}
