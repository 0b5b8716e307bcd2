// The terms word matching works on. Two sets from one splitting: subword terms (the intent head's
// hashed features; fixed, since published heads were trained on them) and search terms (what item
// search indexes and queries with), which add English stemming and stop words.
import { stemmer } from 'stemmer';

const CJK = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]+/gu;

/** A run of Chinese characters as its characters and character pairs. */
function hanTerms(run: string): string[] {
  const chars = [...run];
  const terms: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    terms.push(chars[i] as string);
    if (i + 1 < chars.length) terms.push(`${chars[i]}${chars[i + 1]}`);
  }
  return terms;
}

/** The character 3- to 5-grams of `<word>`; none for words under 3 characters or numbers. */
function wordGrams(word: string): string[] {
  if (word.length < 3 || /^\p{N}+$/u.test(word)) return [];
  const marked = [...`<${word}>`];
  const grams: string[] = [];
  for (let n = 3; n <= 5; n++)
    for (let i = 0; i + n <= marked.length; i++) grams.push(`g:${marked.slice(i, i + n).join('')}`);
  return grams;
}

export interface SearchAnalysis {
  /** English words folded to their Porter stem ("denims" → "denim", "shoes" → "shoe"). */
  stem: boolean;
  /** Lucene's English stop words left out ("a", "for", "the", …). */
  dropStopwords: boolean;
}

/** The analysis item search uses (chosen on the unseen texts' DEV half; see the embedder README). */
export const SEARCH_ANALYSIS: SearchAnalysis = { stem: true, dropStopwords: true };

/** Lucene's EnglishAnalyzer default stop set. */
const STOPWORDS = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these ' +
    'they this to was will with'
  ).split(' '),
);

/** The search terms of a text (through modelText first): Chinese as in subwordTerms, other words analysed. */
export function searchTerms(text: string, analysis: SearchAnalysis = SEARCH_ANALYSIS): string[] {
  const terms: string[] = [];
  forEachRun(
    text,
    (run) => {
      terms.push(...hanTerms(run));
    },
    (word) => {
      if (analysis.dropStopwords && STOPWORDS.has(word)) return;
      const folded = analysis.stem && /^[a-z]+$/.test(word) ? stemmer(word) : word;
      terms.push(`w:${folded}`, ...wordGrams(folded));
    },
  );
  return terms;
}

/**
 * The subword terms of a text (the intent head's hashed features): Chinese characters and
 * character pairs, so 裙子 meets 连衣裙; every other word whole and as character 3- to 5-grams of
 * `<word>`, so "sundress" meets "dress" (fastText's subwords). Unstemmed, stop words kept: the
 * search terms before analysis, fixed because published heads were trained on them.
 */
export function subwordTerms(text: string): string[] {
  return searchTerms(text, { stem: false, dropStopwords: false });
}

/**
 * Walks a text's words, handing each run of Chinese characters and each other word (Chinese and
 * Latin letters split apart: "t恤" gives "t" and "恤") to its callback in order.
 */
function forEachRun(text: string, onHan: (run: string) => void, onWord: (word: string) => void): void {
  for (const [word] of text.matchAll(WORD)) {
    let run = '';
    let latin = '';
    for (const char of word) {
      if (CJK.test(char)) {
        if (latin) onWord(latin);
        latin = '';
        run += char;
      } else {
        if (run) onHan(run);
        run = '';
        latin += char;
      }
    }
    if (run) onHan(run);
    if (latin) onWord(latin);
  }
}
