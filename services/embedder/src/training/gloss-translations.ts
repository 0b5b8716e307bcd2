import { ccCedictEntries, glossWords } from '../domain/cc-cedict.js';

const HAN = /^\p{Script=Han}{2,4}$/u;

/** CC-CEDICT's two- to four-character words, each with its gloss words (two letters or more). */
function glossedWords(): { headword: string; words: Set<string> }[] {
  const out: { headword: string; words: Set<string> }[] = [];
  for (const { headword, glosses } of ccCedictEntries()) {
    if (!HAN.test(headword)) continue;
    const words = new Set(glosses.flatMap(glossWords).filter((word) => /^[a-z]{2,}$/.test(word)));
    if (words.size > 0) out.push({ headword, words });
  }
  return out;
}

/**
 * General English: every word CC-CEDICT glosses at least `minEntries` of its words with, so the vocabulary
 * holds it whole ("superb", not "sup ##er ##b", whose pieces mean what the shop's "sup…" words mean).
 */
export function glossVocabulary(minEntries: number): string[] {
  const entries = new Map<string, number>();
  for (const { words } of glossedWords()) for (const word of words) entries.set(word, (entries.get(word) ?? 0) + 1);
  return [...entries].filter(([, count]) => count >= minEntries).map(([word]) => word);
}

/**
 * For each English word `tokenId` gives one token, the Chinese words CC-CEDICT translates it with, as token ids,
 * among the words all of whose characters `written` holds (a 劣质 for "shoddy" once the shop wrote 劣 and 质).
 */
export function glossTranslations(
  written: ReadonlySet<string>,
  tokenId: (word: string) => number | undefined,
  characterIds: (headword: string) => number[],
): Map<number, number[][]> {
  const translations = new Map<number, number[][]>();
  for (const { headword, words } of glossedWords()) {
    if (![...headword].every((char) => written.has(char))) continue;
    const ids = characterIds(headword);
    for (const word of words) {
      const id = tokenId(word);
      if (id === undefined) continue;
      const list = translations.get(id) ?? [];
      list.push(ids);
      translations.set(id, list);
    }
  }
  return translations;
}
