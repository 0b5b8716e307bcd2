import { bertNormalizerOptions, normalizeBert } from './bert-normalizer.js';
import { preTokenizeBert } from './bert-pre-tokenizer.js';
import { BERT_SPECIAL_TOKENS, CONTINUING_SUBWORD_PREFIX } from './special-tokens.js';
import { isChineseCodePoint } from './unicode.js';

export interface VocabBuilderOptions {
  /** Words and subwords seen fewer times than this never get their own token (default 2). */
  minFrequency?: number;
  /** Longest subword piece considered, in characters (default 8). */
  maxSubwordLength?: number;
  lowercase?: boolean;
  /**
   * Words taken whole right after the characters, whatever their count (a general word list); within `size`.
   * Each is normalised like the corpus; one that does not stay a single pre-token ("e-mail", "two words") is
   * left out, as the tokenizer would never see it whole.
   */
  wholeWords?: Iterable<string>;
}

/**
 * A simple WordPiece vocab: the special tokens, every character seen (CJK characters, and each
 * other character both word-initial and as a `##` continuation where it occurs so), then the
 * words, prefixes and `##` suffixes that save the most tokens (frequency × (length − 1)).
 * The result has at most `size` tokens (fewer when the corpus runs out of pieces seen
 * `minFrequency` times), or more when the required characters alone exceed `size`.
 */
export function buildWordPieceVocab(
  corpus: Iterable<string>,
  size: number,
  options: VocabBuilderOptions = {},
): string[] {
  const minFrequency = options.minFrequency ?? 2;
  const maxSubwordLength = options.maxSubwordLength ?? 8;
  const normalizer = bertNormalizerOptions({
    type: 'BertNormalizer',
    lowercase: options.lowercase ?? true,
    strip_accents: null,
  });
  const words = countWords(corpus, (text) => preTokenizeBert(normalizeBert(text, normalizer)));

  const characters = new Map<string, number>();
  const candidates = new Map<string, number>();
  for (const [word, count] of words) {
    const chars = [...word];
    chars.forEach((char, index) => add(characters, index === 0 ? char : CONTINUING_SUBWORD_PREFIX + char, count));
    if (chars.length < 2 || isChineseCodePoint(word.codePointAt(0) ?? 0)) continue;
    add(candidates, word, count * (chars.length - 1));
    for (let length = 2; length < chars.length && length <= maxSubwordLength; length++) {
      add(candidates, chars.slice(0, length).join(''), count * (length - 1));
      add(candidates, CONTINUING_SUBWORD_PREFIX + chars.slice(chars.length - length).join(''), count * (length - 1));
    }
  }

  const vocab: string[] = [...BERT_SPECIAL_TOKENS];
  const taken = new Set<string>(vocab);
  const take = (token: string): void => {
    if (taken.has(token)) return;
    taken.add(token);
    vocab.push(token);
  };
  for (const [char] of byScore(characters)) take(char);
  for (const word of options.wholeWords ?? []) {
    const pieces = preTokenizeBert(normalizeBert(word, normalizer));
    if (pieces.length === 1 && vocab.length < size) take(pieces[0] as string);
  }
  for (const [token, score] of byScore(candidates)) {
    if (vocab.length >= size) break;
    if (score >= minFrequency * (pieceLength(token) - 1)) take(token);
  }
  return vocab;
}

function countWords(corpus: Iterable<string>, split: (text: string) => string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of corpus) for (const word of split(text)) add(counts, word, 1);
  return counts;
}

function add(counts: Map<string, number>, key: string, amount: number): void {
  counts.set(key, (counts.get(key) ?? 0) + amount);
}

function byScore(scores: Map<string, number>): [string, number][] {
  return [...scores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function pieceLength(token: string): number {
  return [...(token.startsWith(CONTINUING_SUBWORD_PREFIX) ? token.slice(CONTINUING_SUBWORD_PREFIX.length) : token)]
    .length;
}
