import { createHash } from 'node:crypto';
import type { UnseenSet } from './unseen-scores.js';

export type Half = 'dev' | 'test';

/**
 * The half of the unseen texts a text belongs to, fixed by the text alone: the first byte of the
 * sha256 of its UTF-8 bytes, even → DEV, odd → TEST. Choices are made on DEV; TEST is read only to
 * report. A text repeated in the set (two queries worded alike) always lands in the same half.
 */
export function halfOf(text: string): Half {
  return ((createHash('sha256').update(text, 'utf8').digest()[0] as number) & 1) === 0 ? 'dev' : 'test';
}

/** The unseen set's DEV and TEST halves (the catalog is shared: it is what queries search). */
export function splitUnseen(unseen: UnseenSet): Record<Half, UnseenSet> {
  const pick = <T extends { text: string }>(texts: readonly T[], half: Half) =>
    texts.filter((t) => halfOf(t.text) === half);
  const half = (name: Half): UnseenSet => ({
    reviews: pick(unseen.reviews, name),
    turns: pick(unseen.turns, name),
    queries: pick(unseen.queries, name),
    items: unseen.items,
  });
  return { dev: half('dev'), test: half('test') };
}
