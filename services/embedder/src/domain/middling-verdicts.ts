/**
 * Middling verdicts the first sentiment lexicon missed (lexicon version 2): words that say "so-so"
 * (差不多, 说得过去, "passable") and a positive and a negative word both negated — 不好不坏,
 * "neither good nor bad" — which the word-by-word count read as one negated word of each polarity,
 * and where 差不多's 差 counted as "poor". Each is one hedge; its words are taken out of the text.
 */
const MIDDLING_ZH = ['差不多', '说得过去', '过得去', '中评'];
const MIDDLING_EN = /(?<![a-z])(?:passable|alright|acceptable|middling|unremarkable)(?![a-z])/g;
const NEITHER_NOR = /(?<![a-z])neither\s+([a-z]+)\s+nor\s+([a-z]+)(?![a-z])/g;

type Polarity = 'positive' | 'negative' | 'hedge' | undefined;

/** The number of middling verdicts in a lower-cased text and the text with them blanked out. */
export function takeMiddlingVerdicts(
  text: string,
  polarityOf: (term: string) => Polarity,
): { count: number; rest: string } {
  let count = 0;
  const blank = (span: string) => {
    count++;
    return ' '.repeat(span.length);
  };
  const opposite = (a: string, b: string) => {
    const [pa, pb] = [polarityOf(a), polarityOf(b)];
    return (pa === 'positive' && pb === 'negative') || (pa === 'negative' && pb === 'positive');
  };
  let rest = text.replace(NEITHER_NOR, (span, a: string, b: string) => (opposite(a, b) ? blank(span) : span));
  rest = rest.replace(MIDDLING_EN, blank);
  rest = blankChineseBothNegated(rest, opposite, blank);
  for (const term of MIDDLING_ZH) rest = rest.replaceAll(term, blank);
  return { count, rest };
}

/** 不A不B with A and B of opposite polarity (one or two characters each). */
function blankChineseBothNegated(
  text: string,
  opposite: (a: string, b: string) => boolean,
  blank: (span: string) => string,
): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const span = text[i] === '不' ? bothNegatedAt(text, i, opposite) : undefined;
    if (span) {
      out += blank(span);
      i += span.length;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

function bothNegatedAt(text: string, at: number, opposite: (a: string, b: string) => boolean): string | undefined {
  for (const a of [2, 1])
    for (const b of [2, 1]) {
      if (text[at + 1 + a] !== '不') continue;
      const first = text.slice(at + 1, at + 1 + a);
      const second = text.slice(at + 2 + a, at + 2 + a + b);
      if (second.length === b && opposite(first, second)) return text.slice(at, at + 2 + a + b);
    }
  return undefined;
}
