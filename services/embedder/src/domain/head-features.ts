import { LEXICON_FEATURE_COUNT, lexiconFeatures } from './sentiment-lexicon.js';

/**
 * Which inputs a head was trained on, recorded with it so serving builds the same row:
 * the text's vector alone, or the vector followed by the sentiment lexicon's features.
 */
export type FeatureSet = 'embedding' | 'embedding+lexicon-v1';

export const FEATURE_SETS: readonly FeatureSet[] = ['embedding', 'embedding+lexicon-v1'];

export function featureCount(set: FeatureSet, dimensions: number): number {
  return set === 'embedding' ? dimensions : dimensions + LEXICON_FEATURE_COUNT;
}

/** One classifier input row: identical in training and in serving. */
export function headFeatures(set: FeatureSet, vector: Float32Array, text: string): Float32Array {
  if (set === 'embedding') return vector;
  const row = new Float32Array(vector.length + LEXICON_FEATURE_COUNT);
  row.set(vector);
  row.set(lexiconFeatures(text), vector.length);
  return row;
}
