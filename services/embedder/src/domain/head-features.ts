import { GENERAL_POLARITY_FEATURE_COUNT, generalPolarityFeatures } from './general-polarity.js';
import { LEXICON_FEATURE_COUNT, lexiconFeatures } from './sentiment-lexicon.js';
import { SUBWORD_FEATURE_COUNT, subwordFeatures } from './subword-features.js';

/**
 * Which inputs a head was trained on, recorded with it so serving builds the same row:
 * the text's vector alone, the vector followed by the sentiment lexicon's features, or those
 * followed by the general word polarity (AFINN-165, CC-CEDICT through AFINN) features; `+subwords`
 * appends the hashed subword terms (subword-features.ts).
 */
export type FeatureSet =
  | 'embedding'
  | 'embedding+lexicon-v1'
  | 'embedding+lexicon-v2'
  | 'embedding+subwords'
  | 'embedding+lexicon-v2+subwords';

export const FEATURE_SETS: readonly FeatureSet[] = [
  'embedding',
  'embedding+lexicon-v1',
  'embedding+lexicon-v2',
  'embedding+subwords',
  'embedding+lexicon-v2+subwords',
];

const EXTRA_FEATURES: Record<FeatureSet, number> = {
  embedding: 0,
  'embedding+lexicon-v1': LEXICON_FEATURE_COUNT,
  'embedding+lexicon-v2': LEXICON_FEATURE_COUNT + GENERAL_POLARITY_FEATURE_COUNT,
  'embedding+subwords': SUBWORD_FEATURE_COUNT,
  'embedding+lexicon-v2+subwords': LEXICON_FEATURE_COUNT + GENERAL_POLARITY_FEATURE_COUNT + SUBWORD_FEATURE_COUNT,
};

/** The feature sets that read the general polarity table (loaded once, see general-polarity.ts). */
export function usesGeneralPolarity(set: FeatureSet): boolean {
  return set === 'embedding+lexicon-v2' || set === 'embedding+lexicon-v2+subwords';
}

export function featureCount(set: FeatureSet, dimensions: number): number {
  return dimensions + EXTRA_FEATURES[set];
}

/** One classifier input row: identical in training and in serving. */
export function headFeatures(set: FeatureSet, vector: Float32Array, text: string): Float32Array {
  if (set === 'embedding') return vector;
  const row = new Float32Array(vector.length + EXTRA_FEATURES[set]);
  row.set(vector);
  let offset = vector.length;
  if (set !== 'embedding+subwords') {
    row.set(lexiconFeatures(text), offset);
    offset += LEXICON_FEATURE_COUNT;
  }
  if (usesGeneralPolarity(set)) {
    row.set(generalPolarityFeatures(text), offset);
    offset += GENERAL_POLARITY_FEATURE_COUNT;
  }
  if (set.endsWith('+subwords')) row.set(subwordFeatures(text), offset);
  return row;
}
