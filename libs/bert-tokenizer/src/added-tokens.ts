import type { AddedTokenJson } from './tokenizer-json.js';
import { isUnicodeWhitespace, isWordCharacter } from './unicode.js';

/** A piece of input: either plain text still to tokenize, or an added token already resolved to its id. */
export type Segment = { text: string; id?: undefined } | { id: number; text?: undefined };

interface AddedToken {
  id: number;
  content: string;
  singleWord: boolean;
  lstrip: boolean;
  rstrip: boolean;
}

/** Leftmost-longest matching of added tokens, with the single_word / lstrip / rstrip rules of the Rust crate. */
class AddedTokenMatcher {
  private readonly byContent = new Map<string, AddedToken>();
  private readonly pattern: RegExp | undefined;

  constructor(tokens: AddedToken[]) {
    for (const token of tokens) if (token.content.length > 0) this.byContent.set(token.content, token);
    const contents = [...this.byContent.keys()].sort((a, b) => b.length - a.length);
    this.pattern = contents.length > 0 ? new RegExp(contents.map(escapeRegExp).join('|'), 'gu') : undefined;
  }

  split(text: string): Segment[] {
    if (!this.pattern || text.length === 0) return text.length > 0 ? [{ text }] : [];
    const segments: Segment[] = [];
    let offset = 0;
    for (const match of text.matchAll(this.pattern)) {
      const token = this.byContent.get(match[0]);
      if (!token) continue;
      let start = match.index;
      let stop = start + match[0].length;
      if (token.singleWord && !standsAlone(text, start, stop)) continue;
      if (token.lstrip) start = Math.max(offset, start - trailingWhitespaceLength(text.slice(0, start)));
      if (token.rstrip) stop += leadingWhitespaceLength(text.slice(stop));
      if (offset < start) segments.push({ text: text.slice(offset, start) });
      segments.push({ id: token.id });
      offset = stop;
    }
    if (offset < text.length) segments.push({ text: text.slice(offset) });
    return segments;
  }
}

/** Splits input around added tokens: raw-text tokens first, then normalized ones on the normalized rest. */
export class AddedVocabulary {
  private readonly raw: AddedTokenMatcher;
  private readonly normalized: AddedTokenMatcher;

  constructor(
    tokens: AddedTokenJson[],
    private readonly normalize: (text: string) => string,
  ) {
    const rawTokens: AddedToken[] = [];
    const normalizedTokens: AddedToken[] = [];
    for (const json of tokens) {
      const special = json.special ?? false;
      const token = {
        id: json.id,
        content: json.content,
        singleWord: json.single_word ?? false,
        lstrip: json.lstrip ?? false,
        rstrip: json.rstrip ?? false,
      };
      if (json.normalized ?? !special) normalizedTokens.push({ ...token, content: normalize(json.content) });
      else rawTokens.push(token);
    }
    this.raw = new AddedTokenMatcher(rawTokens);
    this.normalized = new AddedTokenMatcher(normalizedTokens);
  }

  /** Segments whose `text` is already normalized, in input order. */
  extractAndNormalize(text: string): Segment[] {
    const result: Segment[] = [];
    for (const segment of this.raw.split(text)) {
      if (segment.id !== undefined) result.push(segment);
      else for (const piece of this.normalized.split(this.normalize(segment.text))) result.push(piece);
    }
    return result;
  }
}

function standsAlone(text: string, start: number, stop: number): boolean {
  const before = start === 0 ? undefined : lastChar(text.slice(0, start));
  const after = stop === text.length ? undefined : String.fromCodePoint(text.codePointAt(stop) ?? 0);
  return !(before !== undefined && isWordCharacter(before)) && !(after !== undefined && isWordCharacter(after));
}

function lastChar(text: string): string {
  const chars = [...text.slice(-2)];
  return chars[chars.length - 1] ?? '';
}

function trailingWhitespaceLength(text: string): number {
  let length = 0;
  for (const char of [...text].reverse()) {
    if (!isUnicodeWhitespace(char)) break;
    length += char.length;
  }
  return length;
}

function leadingWhitespaceLength(text: string): number {
  let length = 0;
  for (const char of text) {
    if (!isUnicodeWhitespace(char)) break;
    length += char.length;
  }
  return length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
