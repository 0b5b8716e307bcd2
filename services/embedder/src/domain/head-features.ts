import { GENERAL_POLARITY_FEATURE_COUNT, generalPolarityFeatures } from './general-polarity.js';
import { LEXICON_FEATURE_COUNT, lexiconFeatures } from './sentiment-lexicon.js';

/**
 * Which inputs a head was trained on, recorded with it so serving builds the same row:
 * the text's vector alone, the vector followed by the sentiment lexicon's features, or those
 * followed by the general word polarity (AFINN-165, CC-CEDICT through AFINN) features.
 */
export type FeatureSet = 'embedding' | 'embedding+lexicon-v1' | 'embedding+lexicon-v2';

export const FEATURE_SETS: readonly FeatureSet[] = ['embedding', 'embedding+lexicon-v1', 'embedding+lexicon-v2'];

const EXTRA_FEATURES: Record<FeatureSet, number> = {
  embedding: 0,
  'embedding+lexicon-v1': LEXICON_FEATURE_COUNT,
  'embedding+lexicon-v2': LEXICON_FEATURE_COUNT + GENERAL_POLARITY_FEATURE_COUNT,
};

export function featureCount(set: FeatureSet, dimensions: number): number {
  return dimensions + EXTRA_FEATURES[set];
}

/** One classifier input row: identical in training and in serving. */
export function headFeatures(set: FeatureSet, vector: Float32Array, text: string): Float32Array {
  if (set === 'embedding') return vector;
  const row = new Float32Array(vector.length + EXTRA_FEATURES[set]);
  row.set(vector);
  row.set(lexiconFeatures(text), vector.length);
  if (set === 'embedding+lexicon-v2') row.set(generalPolarityFeatures(text), vector.length + LEXICON_FEATURE_COUNT);
  return row;
}
