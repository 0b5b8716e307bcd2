import { glossedEntries } from './dictionary-contexts.js';

const HAN_RUN = /\p{Script=Han}+/gu;
const LONGEST = 4;
/** Gloss words written for one headword: its first few (a headword's later glosses drift from its sense). */
const WORDS_PER_HEADWORD = 4;

/** A headword → the English written in its place (the first entry of a headword read two ways). */
export type GlossTable = ReadonlyMap<string, string>;

/** The gloss table of CC-CEDICT's two- to four-character words (reads the dictionary once). */
export function glossTable(): GlossTable {
  const table = new Map<string, string>();
  for (const { headword, words } of glossedEntries())
    if (!table.has(headword)) table.set(headword, words.slice(0, WORDS_PER_HEADWORD).join(' '));
  return table;
}

/**
 * A code-switched copy of a text: each dictionary word of its Chinese runs (longest match first, left to
 * right) written as its English gloss words, other characters kept (质量很好 → "quality 很好" or, where
 * 很好 is an entry, "quality very good"). Undefined when no word of the text is in the table: the copy would
 * be the text again. An augmentation of the shop's own texts for the English the shop rarely writes.
 */
export function glossSwitched(text: string, table: GlossTable): string | undefined {
  let switched = false;
  const out = text.replace(HAN_RUN, (run) => {
    const chars = [...run];
    const parts: string[] = [];
    for (let i = 0; i < chars.length; ) {
      let n = Math.min(LONGEST, chars.length - i);
      for (; n >= 2; n--) if (table.has(chars.slice(i, i + n).join(''))) break;
      if (n >= 2) {
        parts.push(` ${table.get(chars.slice(i, i + n).join(''))} `);
        switched = true;
        i += n;
      } else parts.push(chars[i++] as string);
    }
    return parts.join('');
  });
  return switched ? out.replace(/\s+/g, ' ').trim() : undefined;
}
