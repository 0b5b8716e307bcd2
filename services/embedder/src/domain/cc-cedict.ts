import { createRequire } from 'node:module';

/** One CC-CEDICT entry: its simplified headword and its English glosses. */
export interface DictionaryEntry {
  headword: string;
  glosses: readonly string[];
}

/** Glosses that say nothing of meaning. */
const NON_GLOSS = /^(CL:|variant of|old variant|see |surname|abbr\. for|used in|erhua variant)/;

let entries: readonly DictionaryEntry[] | undefined;

/** CC-CEDICT (the copy @nlpjs/lang-zh ships), parsed once: every entry with at least one meaningful gloss. */
export function ccCedictEntries(): readonly DictionaryEntry[] {
  if (entries) return entries;
  const cedict = createRequire(import.meta.url)('@nlpjs/lang-zh/src/cedict_ts.u8.js') as string;
  const parsed: DictionaryEntry[] = [];
  for (const line of cedict.split('\n')) {
    const entry = /^\S+ (\S+) \[[^\]]*\] \/(.*)\/\s*$/.exec(line);
    if (!entry) continue;
    const glosses = (entry[2] as string).split('/').filter((gloss) => !NON_GLOSS.test(gloss));
    if (glosses.length > 0) parsed.push({ headword: entry[1] as string, glosses });
  }
  entries = parsed;
  return entries;
}

/** A gloss's English words, lower-cased, without its parenthesised notes. */
export function glossWords(gloss: string): string[] {
  return (
    gloss
      .replace(/\([^)]*\)/g, ' ')
      .toLowerCase()
      .match(/[a-z']+/g) ?? []
  );
}
