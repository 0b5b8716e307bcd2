import { toSimplifiedChinese } from './chinese-script.js';
import { findEmojis } from './emoji.js';
import { stripHtml } from './html.js';
import { cutWithoutSplittingPairs, removeInvalidCharacters } from './unicode-cleanup.js';
import { toHalfWidth } from './width.js';

export interface NormalizeOptions {
  /** Longest output in UTF-16 code units (a surrogate pair is never split). Default 2000. */
  maxLength?: number;
  /** Traditional (Taiwan / Hong Kong) → simplified Chinese. Default true. */
  toSimplified?: boolean;
  /** Lower-case Latin (and other cased) letters. Default true. */
  lowerCase?: boolean;
  /** Decode HTML entities and strip tags. Default true. */
  stripHtml?: boolean;
}

export interface NormalizedText {
  text: string;
  /** Emoji in order of appearance, repeats included. */
  emojis: string[];
  truncated: boolean;
  /** What was changed, e.g. 'full-width-folded', 'html-tags-stripped', 'truncated'. */
  changes: string[];
}

export const DEFAULT_MAX_LENGTH = 2000;
/** Raw input is cut to this multiple of maxLength before any work, so 1 MB costs no more than 8 kB. */
const RAW_WINDOW_FACTOR = 4;

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function normalizeText(input: string | Uint8Array, options: NormalizeOptions = {}): NormalizedText {
  const maxLength = Math.max(0, Math.floor(options.maxLength ?? DEFAULT_MAX_LENGTH));
  const changes: string[] = [];
  const track = (before: string, after: string, change: string): string => {
    if (before !== after && !changes.includes(change)) changes.push(change);
    return after;
  };

  const rawWindow = maxLength * RAW_WINDOW_FACTOR + 8;
  const decoded = toText(input, rawWindow);
  let text = decoded.text;
  let truncated = decoded.cut;
  if (text.length > rawWindow) {
    text = cutWithoutSplittingPairs(text, rawWindow);
    truncated = true;
  }

  const cleaned = removeInvalidCharacters(text);
  text = cleaned.text;
  changes.push(...cleaned.changes);

  text = track(text, toHalfWidth(text), 'full-width-folded');

  if (options.stripHtml ?? true) {
    const html = stripHtml(text);
    if (html.entitiesDecoded) changes.push('html-entities-decoded');
    if (html.tagsStripped) changes.push('html-tags-stripped');
    if (html.entitiesDecoded) {
      // Decoded numeric entities may have produced characters the cleanup step removes.
      const again = removeInvalidCharacters(html.text);
      text = again.text;
      for (const change of again.changes) if (!changes.includes(change)) changes.push(change);
    } else {
      text = html.text;
    }
  }

  if (options.toSimplified ?? true) text = track(text, toSimplifiedChinese(text), 'traditional-to-simplified');
  if (options.lowerCase ?? true) text = track(text, text.toLowerCase(), 'lower-cased');
  text = track(text, collapseWhitespace(text), 'whitespace-collapsed');

  if (text.length > maxLength) {
    text = cutWithoutSplittingPairs(text, maxLength).trimEnd();
    truncated = true;
  }
  if (truncated) changes.push('truncated');

  return { text, emojis: findEmojis(text), truncated, changes };
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toText(input: string | Uint8Array, maxUnits: number): { text: string; cut: boolean } {
  if (typeof input === 'string') return { text: input, cut: false };
  if (input instanceof Uint8Array) {
    // Every UTF-16 code unit needs at least one byte, so more than maxUnits * 3 bytes is never
    // needed to fill the window (CJK: 3 bytes per unit); the rest is not decoded at all.
    const limit = maxUnits * 3;
    if (input.length <= limit) return { text: decoder.decode(input), cut: false };
    return { text: decoder.decode(input.subarray(0, limit)), cut: true };
  }
  return { text: input == null ? '' : String(input), cut: false };
}
