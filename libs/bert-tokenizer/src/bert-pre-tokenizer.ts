import { isBertPunctuation, isBertWhitespace } from './unicode.js';

/** BertPreTokenizer: split on whitespace (dropped), then isolate every punctuation character. */
export function preTokenizeBert(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  let index = 0;
  while (index < text.length) {
    const cp = text.codePointAt(index) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    if (isBertWhitespace(cp)) {
      if (start >= 0) words.push(text.slice(start, index));
      start = -1;
    } else if (isBertPunctuation(cp)) {
      if (start >= 0) words.push(text.slice(start, index));
      words.push(text.slice(index, index + width));
      start = -1;
    } else if (start < 0) {
      start = index;
    }
    index += width;
  }
  if (start >= 0) words.push(text.slice(start));
  return words;
}
