import { glossedEntries } from '../domain/cc-cedict.js';

const HAN = /^\p{Script=Han}+$/u;
/**
 * A gloss word of more entries than this is left out. Above it are the place-name words (county 3,971 entries,
 * city 2,878, district 1,538, prefecture 1,531), notes ("fig", "lit"), pinyin ("shi", "zhou") and words so
 * general ("up", "make", "person") that the mean of their translations says nothing; common English ones are
 * in the common vocabulary anyway. 200 drops 133 of the 10,140 words of five entries or more.
 */
const MOST_ENTRIES = 200;

/** CC-CEDICT's Chinese words, each with its lower-case gloss words (no names, function words or notes). */
function glossedWords(): { headword: string; words: string[] }[] {
  const entries = [...glossedEntries({ capitalised: false })].flatMap(({ headword, words }) => {
    const plain = words.filter((word) => /^[a-z]+$/.test(word));
    return HAN.test(headword) && plain.length > 0 ? [{ headword, words: plain }] : [];
  });
  const counts = entryCounts(entries);
  return entries.map(({ headword, words }) => ({
    headword,
    words: words.filter((word) => (counts.get(word) as number) <= MOST_ENTRIES),
  }));
}

function entryCounts(entries: readonly { words: readonly string[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { words } of entries) for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * General English: every word CC-CEDICT glosses at least `minEntries` of its words with, so the vocabulary
 * holds it whole ("superb", not "sup ##er ##b", whose pieces mean what the shop's "sup…" words mean).
 */
export function glossVocabulary(minEntries: number): string[] {
  return [...entryCounts(glossedWords())].filter(([, count]) => count >= minEntries).map(([word]) => word);
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
