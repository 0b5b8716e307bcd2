import type { Jieba } from '@node-rs/jieba';
import { PII_PLACEHOLDER_PATTERN } from '../mask/mask-pii.js';
import { TermTrie } from '../match/term-trie.js';
import { normalizeText } from '../normalize/normalize-text.js';
import { foldForMatching } from '../normalize/width.js';
import { englishTokens } from './english-words.js';
import { addJiebaWords, createJieba } from './jieba.js';
import { DEFAULT_STOPWORDS } from './stopwords.js';

export interface TokenizerOptions {
  /** Catalog words kept as one token (brands, categories, attribute values). */
  userWords?: readonly string[];
  /** Replaces the bundled list; pass `new Set()` to keep every token. */
  stopwords?: ReadonlySet<string>;
  /**
   * The tokenizer will learn words later (`addUserWords`), so it gets a jieba instance of its
   * own (≈130 ms) even when it starts without user words.
   */
  growable?: boolean;
}

export interface Tokenizer {
  /** Tokens in text order, lower-cased, without punctuation, stopwords or PII placeholders. */
  tokenize(text: string): string[];
}

export interface GrowableTokenizer extends Tokenizer {
  /** Learns more user words in place; returns how many were new. */
  addUserWords(words: Iterable<string>): number;
}

const HAN_OR_OTHER = /\p{Script=Han}+|\P{Script=Han}+/gu;
const STARTS_WITH_HAN = /^\p{Script=Han}/u;
const ONLY_HAN = /^\p{Script=Han}+$/u;

/**
 * jieba segments the Chinese runs (its dictionary extended with the pure-Chinese user
 * words); everything else follows the English word rules. User words with Latin letters,
 * digits or spaces ("Apple Watch", "SK-II", "小米14") are matched first, as whole tokens.
 */
export function createTokenizer(options: TokenizerOptions & { growable: true }): GrowableTokenizer;
export function createTokenizer(options?: TokenizerOptions): Tokenizer;
export function createTokenizer(options: TokenizerOptions = {}): GrowableTokenizer {
  const stopwords = options.stopwords ?? DEFAULT_STOPWORDS;
  const hanWords = new Set<string>();
  const phraseWords = new Set<string>();
  const phrases = new TermTrie<string>();
  /** Sorts a word into jieba's words or the phrase trie; returns the Han word jieba still has to learn. */
  const learn = (raw: string): string | undefined => {
    const word = normalizeText(raw, { maxLength: 200 }).text;
    if (word.length === 0) return undefined;
    if (ONLY_HAN.test(word)) {
      if (hanWords.has(word)) return undefined;
      hanWords.add(word);
      return word;
    }
    if (!phraseWords.has(word)) {
      phraseWords.add(word);
      phrases.add(word, word);
    }
    return undefined;
  };
  for (const raw of options.userWords ?? []) learn(raw);
  const jieba = createJieba([...hanWords], { private: options.growable ?? false });

  const pushSegment = (segment: string, out: string[]): void => {
    for (const run of segment.match(HAN_OR_OTHER) ?? []) {
      const pieces = STARTS_WITH_HAN.test(run) ? cutChinese(jieba, run) : englishTokens(run);
      for (const piece of pieces) if (!stopwords.has(piece)) out.push(piece);
    }
  };

  return {
    addUserWords(words: Iterable<string>): number {
      if (!options.growable) throw new Error('this tokenizer was not created with growable: true');
      const before = hanWords.size + phraseWords.size;
      const newHan: string[] = [];
      for (const raw of words) {
        const han = learn(raw);
        if (han) newHan.push(han);
      }
      addJiebaWords(jieba, newHan);
      return hanWords.size + phraseWords.size - before;
    },
    tokenize(text: string): string[] {
      if (typeof text !== 'string' || text.length === 0) return [];
      const folded = foldForMatching(text.replace(PII_PLACEHOLDER_PATTERN, ' '));
      const tokens: string[] = [];
      let cursor = 0;
      for (const match of phrases.findAll(folded)) {
        if (match.start > cursor) pushSegment(folded.slice(cursor, match.start), tokens);
        const phrase = match.values[0]!;
        if (!stopwords.has(phrase)) tokens.push(phrase);
        cursor = match.end;
      }
      if (cursor < folded.length) pushSegment(folded.slice(cursor), tokens);
      return tokens;
    },
  };
}

function cutChinese(jieba: Jieba, run: string): string[] {
  if (run.length === 1) return [run];
  return jieba.cut(run, true);
}
