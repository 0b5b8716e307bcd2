import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One CC-CEDICT entry: its simplified headword and its English glosses. */
export interface DictionaryEntry {
  headword: string;
  glosses: readonly string[];
}

/** Glosses that say nothing of meaning. */
const NON_GLOSS = /^(CL:|variant of|old variant|see |surname|abbr\. for|used in|erhua variant)/;
const CEDICT_MODULE = '@nlpjs/lang-zh/src/cedict_ts.u8.js';

/**
 * CC-CEDICT (the copy @nlpjs/lang-zh ships), read afresh on each call: every entry with at least one
 * meaningful gloss. Nothing is kept, so a caller keeps only what it derives.
 */
export function* ccCedictEntries(): Generator<DictionaryEntry> {
  for (const line of cedictLines()) {
    const entry = /^\S+ (\S+) \[[^\]]*\] \/(.*)\/\s*$/.exec(line);
    if (!entry) continue;
    const glosses = (entry[2] as string).split('/').filter((gloss) => !NON_GLOSS.test(gloss));
    if (glosses.length > 0) yield { headword: entry[1] as string, glosses };
  }
}

/**
 * The dictionary's lines, each decoded on its own. The module exports them as one template literal
 * without escapes; it is read as a file, not required (a required module's source stays in the heap
 * for good), and never decoded whole: a line cut from the whole text would hold all of it (about
 * 15 MB) for as long as RegExp's last match remembers the line.
 */
function* cedictLines(): Generator<string> {
  const source = readFileSync(createRequire(import.meta.url).resolve(CEDICT_MODULE));
  const opening = 'module.exports = `';
  const start = source.indexOf(opening);
  const end = source.lastIndexOf('`');
  if (start < 0 || end <= start || source.includes('\\') || source.includes('${'))
    throw new Error(`${CEDICT_MODULE} is no longer one plain template literal`);
  for (let line = start + opening.length; line < end; ) {
    const newline = source.indexOf('\n', line);
    const stop = newline < 0 || newline > end ? end : newline;
    yield source.toString('utf8', line, stop);
    line = stop + 1;
  }
}

/** A gloss's English words, lower-cased, without its parenthesised notes; `capitalised: false` drops names. */
export function glossWords(gloss: string, { capitalised = true }: { capitalised?: boolean } = {}): string[] {
  const words = gloss.replace(/\([^)]*\)/g, ' ').match(/[A-Za-z']+/g) ?? [];
  return words.filter((word) => capitalised || !/^[A-Z]/.test(word)).map((word) => word.toLowerCase());
}

/** Headword lengths looked up: words, not idioms or names. */
export const SHORTEST_HEADWORD = 2;
export const LONGEST_HEADWORD = 4;
/**
 * Gloss words that carry no meaning of their own, plus CC-CEDICT's placeholders "sb" and "sth".
 * Neither English stop list of the project fits a gloss: search-terms.ts's (Lucene's) drops "no" and
 * "not", which turn a gloss's meaning ("not good"); libs/text's drops "too", "very", "more", "off",
 * "out", "down", "over", which carry it ("worn out", "broken down"). Both keep "sb" and "sth".
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for from if in into is it its of on or one sb sth that the their to was with'.split(
    ' ',
  ),
);

/**
 * Each CC-CEDICT entry of two to four characters with its distinct gloss words (two characters or more, no
 * function words); with `capitalised: false` a gloss's capitalised words (names: "Xinhua County") are left out.
 */
export function* glossedEntries(options: { capitalised?: boolean } = {}): Generator<{
  headword: string;
  words: string[];
}> {
  for (const { headword, glosses } of ccCedictEntries()) {
    const length = [...headword].length;
    if (length < SHORTEST_HEADWORD || length > LONGEST_HEADWORD) continue;
    const words = glosses
      .flatMap((gloss) => glossWords(gloss, options))
      .filter((word) => word.length > 1 && !FUNCTION_WORDS.has(word));
    if (words.length > 0) yield { headword, words: [...new Set(words)] };
  }
}
