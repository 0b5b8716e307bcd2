/**
 * Full-width → half-width folding in the spirit of NFKC, limited to what matters for search
 * and matching: full-width ASCII letters, digits and punctuation (U+FF01–FF5E), the
 * ideographic space, full-width currency signs and a few squared unit symbols.
 * CJK punctuation outside that block (。、「」《》【】…) is left untouched.
 */

const COMPATIBILITY_FORMS: Readonly<Record<string, string>> = {
  '\u3000': ' ',
  '\uFFE0': '¢',
  '\uFFE1': '£',
  '\uFFE2': '¬',
  '\uFFE3': '¯',
  '\uFFE4': '¦',
  '\uFFE5': '¥',
  '\uFFE6': '₩',
  '\u339C': 'mm',
  '\u339D': 'cm',
  '\u339E': 'km',
  '\u338E': 'mg',
  '\u338F': 'kg',
  '\u3396': 'ml',
  '\u3397': 'dl',
  '\u3398': 'kl',
  '\u2113': 'l',
  '\u33A1': 'm²',
};

const FOLDABLE = /[\uFF01-\uFF5E\u3000\uFFE0-\uFFE6\u339C-\u339E\u338E\u338F\u3396-\u3398\u2113\u33A1]/g;

export function toHalfWidth(text: string): string {
  return text.replace(FOLDABLE, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    return COMPATIBILITY_FORMS[ch] ?? ch;
  });
}

/**
 * Length-preserving fold used for matching with stable offsets: full-width ASCII to ASCII
 * and Latin letters to lower case, one code unit in, one code unit out.
 */
export function foldForMatching(text: string): string {
  const lowered = text.toLowerCase();
  const base = lowered.length === text.length ? lowered : lowerCasePerUnit(text);
  return base.replace(/[\uFF01-\uFF5E]/g, (ch) => {
    const ascii = String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    return ascii.toLowerCase();
  });
}

function lowerCasePerUnit(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const lower = ch.toLowerCase();
    out += lower.length === 1 ? lower : ch;
  }
  return out;
}
