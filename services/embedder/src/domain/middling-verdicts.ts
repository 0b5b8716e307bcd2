import type { Polarity } from './sentiment-lexicon.js';

/**
 * Middling verdicts the plain sentiment lexicon misses: words that say "so-so" (差不多, 说得过去,
 * "passable") and a positive and a negative word both negated — 不好不坏, "neither good nor bad" —
 * which the word-by-word count read as one negated word of each polarity, and where 差不多's 差
 * counted as "poor". Each is one hedge; its words are taken out of the text. A verdict with a
 * negator before it ("not acceptable", "isn't alright") is left to the count; 差不多 only where it
 * ends a clause (跟别家差不多, 差不多吧), not as "about, almost" (差不多一个月就坏了).
 */
const MIDDLING_ZH = [/差不多(?=[吧啊呢]?(?:[\p{P}\s]|$))/gu, /说得过去/g, /过得去/g, /中评/g];
const MIDDLING_EN = /(?<![a-z])(?:passable|alright|acceptable|middling|unremarkable)(?![a-z])/g;
const NEITHER_NOR = /(?<![a-z])neither\s+([a-z]+)\s+nor\s+([a-z]+)(?![a-z])/g;

/** What the sentiment lexicon tells about a word and about what comes before a position. */
export interface LexiconLookups {
  polarityOf(term: string): Polarity | undefined;
  negatedBefore(text: string, start: number, language: 'zh' | 'en'): boolean;
}

/** The number of middling verdicts in a lower-cased text and the text with them blanked out. */
export function takeMiddlingVerdicts(text: string, lexicon: LexiconLookups): { count: number; rest: string } {
  let count = 0;
  const blank = (span: string) => {
    count++;
    return ' '.repeat(span.length);
  };
  const opposite = (a: string, b: string) => {
    const [pa, pb] = [lexicon.polarityOf(a), lexicon.polarityOf(b)];
    return (pa === 'positive' && pb === 'negative') || (pa === 'negative' && pb === 'positive');
  };
  const unnegated = (language: 'zh' | 'en') => (rest: string, start: number) =>
    !lexicon.negatedBefore(rest, start, language);
  let rest = blankMatches(
    text,
    NEITHER_NOR,
    (match, rest) => opposite(match[1] ?? '', match[2] ?? '') && unnegated('en')(rest, match.index),
    blank,
  );
  rest = blankMatches(rest, MIDDLING_EN, (match, rest) => unnegated('en')(rest, match.index), blank);
  rest = blankChineseBothNegated(rest, opposite, unnegated('zh'), blank);
  for (const pattern of MIDDLING_ZH)
    rest = blankMatches(rest, pattern, (match, rest) => unnegated('zh')(rest, match.index), blank);
  return { count, rest };
}

/** `text` with each match of `pattern` that `isVerdict` accepts blanked out. */
function blankMatches(
  text: string,
  pattern: RegExp,
  isVerdict: (match: RegExpExecArray, text: string) => boolean,
  blank: (span: string) => string,
): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    if (!isVerdict(match as RegExpExecArray, text)) continue;
    out += text.slice(from, match.index) + blank(match[0]);
    from = match.index + match[0].length;
  }
  return out + text.slice(from);
}

/** 不A不B with A and B of opposite polarity (one or two characters each), not negated before. */
function blankChineseBothNegated(
  text: string,
  opposite: (a: string, b: string) => boolean,
  unnegated: (text: string, start: number) => boolean,
  blank: (span: string) => string,
): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const span = text[i] === '不' ? bothNegatedAt(text, i, opposite) : undefined;
    if (span && unnegated(text, i)) {
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
