import { subwordTerms } from './search-terms.js';

/** Buckets the subword terms of a text are hashed into. */
export const SUBWORD_FEATURE_COUNT = 1024;

/**
 * A text's subword terms (Chinese characters and pairs, character n-grams of other words, see
 * search-terms.ts) hashed into a fixed row, square-root counts, unit length: a head learns
 * weights for pieces of words, so a word the shop never wrote still meets the pieces it shares
 * with words the shop did (退回 and 退货, "refunded" and "refund").
 */
export function subwordFeatures(text: string): Float32Array {
  const row = new Float32Array(SUBWORD_FEATURE_COUNT);
  for (const term of subwordTerms(text)) {
    const bucket = fnv1a(term) % SUBWORD_FEATURE_COUNT;
    row[bucket] = (row[bucket] as number) + 1;
  }
  let sum = 0;
  for (let i = 0; i < row.length; i++) {
    row[i] = Math.sqrt(row[i] as number);
    sum += (row[i] as number) ** 2;
  }
  const length = Math.sqrt(sum);
  if (length > 0) for (let i = 0; i < row.length; i++) row[i] = (row[i] as number) / length;
  return row;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
