export interface WordPieceOptions {
  vocab: ReadonlyMap<string, number>;
  unkToken: string;
  continuingSubwordPrefix: string;
  maxInputCharsPerWord: number;
}

interface Pieces {
  ids: number[];
  tokens: string[];
}

const CACHE_LIMIT = 100_000;

/** Greedy longest-match-first WordPiece, as the Rust crate's `WordPiece::tokenize`. */
export class WordPiece {
  readonly unkId: number;
  private readonly longestToken: number;
  private readonly cache = new Map<string, readonly number[]>();

  constructor(private readonly options: WordPieceOptions) {
    const unkId = options.vocab.get(options.unkToken);
    if (unkId === undefined) throw new Error(`unk_token ${JSON.stringify(options.unkToken)} is not in the vocab`);
    this.unkId = unkId;
    let longest = 0;
    for (const token of options.vocab.keys()) longest = Math.max(longest, token.length);
    this.longestToken = longest;
  }

  /** Ids of one pre-token (a word); a word that cannot be split becomes the single unk id. */
  idsOf(word: string): readonly number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const ids = this.split(word)?.ids ?? [this.unkId];
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }

  /** Token strings of one word. */
  tokensOf(word: string): string[] {
    return this.split(word)?.tokens ?? [this.options.unkToken];
  }

  private split(word: string): Pieces | undefined {
    const { vocab, continuingSubwordPrefix: prefix, maxInputCharsPerWord } = this.options;
    if (word.length > maxInputCharsPerWord && [...word].length > maxInputCharsPerWord) return undefined;
    const pieces: Pieces = { ids: [], tokens: [] };
    let start = 0;
    while (start < word.length) {
      const prefixLength = start > 0 ? prefix.length : 0;
      let end = Math.min(word.length, start + this.longestToken - prefixLength);
      if (end > start && end < word.length && isSurrogatePair(word, end - 1)) end--;
      let found: number | undefined;
      let piece = '';
      while (end > start) {
        piece = start > 0 ? prefix + word.slice(start, end) : word.slice(start, end);
        found = vocab.get(piece);
        if (found !== undefined) break;
        end -= end - 2 >= start && isSurrogatePair(word, end - 2) ? 2 : 1;
      }
      if (found === undefined) return undefined;
      pieces.ids.push(found);
      pieces.tokens.push(piece);
      start = end;
    }
    return pieces;
  }
}

/** True when a high surrogate at `index` pairs with a low surrogate right after it. */
function isSurrogatePair(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
