import { GENERAL_POLARITY_FEATURE_COUNT, generalPolarityFeatures } from './general-polarity.js';
import { INTENT_LEXICON_FEATURE_COUNT, intentLexiconFeatures } from './intent-lexicon.js';
import { LEXICON_FEATURE_COUNT, lexiconFeatures } from './sentiment-lexicon.js';
import { SUBWORD_FEATURE_COUNT, subwordFeatures } from './subword-features.js';

/**
 * Which inputs a head was trained on, recorded with it so serving builds the same row:
 * the text's vector alone, the vector followed by the sentiment lexicon's features, or those
 * followed by the general word polarity (AFINN-165, CC-CEDICT through AFINN) features; `+subwords`
 * appends the hashed subword terms (subword-features.ts). `lexicon-v2` is the lexicon and polarity
 * features without the vector, `intent-lexicon-v1` the intent vocabulary's (intent-lexicon.ts): a head's
 * lexicon experts (text-heads.ts). `-v3` is `-v2` with the lexicon's middling verdicts (middling-verdicts.ts).
 * A set's row starts with the vector exactly when its name starts with `embedding`.
 */
export type FeatureSet =
  | 'embedding'
  | 'embedding+lexicon-v1'
  | 'embedding+lexicon-v2'
  | 'embedding+subwords'
  | 'embedding+lexicon-v2+subwords'
  | 'lexicon-v2'
  | 'embedding+lexicon-v3'
  | 'lexicon-v3'
  | 'intent-lexicon-v1';

/** A block of features after the vector: its width and how a text fills it. */
interface FeatureBlock {
  width: number;
  of(text: string): ArrayLike<number>;
}

const LEXICON: FeatureBlock = { width: LEXICON_FEATURE_COUNT, of: (text) => lexiconFeatures(text) };
const LEXICON_MIDDLING: FeatureBlock = {
  width: LEXICON_FEATURE_COUNT,
  of: (text) => lexiconFeatures(text, { middlingVerdicts: true }),
};
const POLARITY: FeatureBlock = { width: GENERAL_POLARITY_FEATURE_COUNT, of: generalPolarityFeatures };
const INTENT_LEXICON: FeatureBlock = { width: INTENT_LEXICON_FEATURE_COUNT, of: intentLexiconFeatures };
const SUBWORDS: FeatureBlock = { width: SUBWORD_FEATURE_COUNT, of: subwordFeatures };

const BLOCKS: Record<FeatureSet, readonly FeatureBlock[]> = {
  embedding: [],
  'embedding+lexicon-v1': [LEXICON],
  'embedding+lexicon-v2': [LEXICON, POLARITY],
  'embedding+subwords': [SUBWORDS],
  'embedding+lexicon-v2+subwords': [LEXICON, POLARITY, SUBWORDS],
  'lexicon-v2': [LEXICON, POLARITY],
  'embedding+lexicon-v3': [LEXICON_MIDDLING, POLARITY],
  'lexicon-v3': [LEXICON_MIDDLING, POLARITY],
  'intent-lexicon-v1': [INTENT_LEXICON],
};

/** Whether a set's row starts with the text's vector (its name says so). */
function withVector(set: FeatureSet): boolean {
  return set.startsWith('embedding');
}

export const FEATURE_SETS = Object.keys(BLOCKS) as readonly FeatureSet[];

/** The feature sets that read the general polarity table (loaded once, see general-polarity.ts). */
export function usesGeneralPolarity(set: FeatureSet): boolean {
  return BLOCKS[set].includes(POLARITY);
}

export function featureCount(set: FeatureSet, dimensions: number): number {
  return BLOCKS[set].reduce((count, block) => count + block.width, withVector(set) ? dimensions : 0);
}

/** One classifier input row: identical in training and in serving. */
export function headFeatures(set: FeatureSet, vector: Float32Array, text: string): Float32Array {
  const blocks = BLOCKS[set];
  if (blocks.length === 0) return vector;
  const row = new Float32Array(featureCount(set, vector.length));
  let offset = 0;
  if (withVector(set)) {
    row.set(vector);
    offset = vector.length;
  }
  for (const block of blocks) {
    row.set(block.of(text), offset);
    offset += block.width;
  }
  return row;
}

/**
 * `set`'s row for a text cut from `fromRow`, the row of `from` for the same text, when `set` is
 * `from`'s blocks without the vector (a head's lexicon expert); undefined otherwise.
 */
export function rowWithin(set: FeatureSet, from: FeatureSet, fromRow: Float32Array): Float32Array | undefined {
  const [blocks, fromBlocks] = [BLOCKS[set], BLOCKS[from]];
  if (withVector(set) || !withVector(from) || blocks.length !== fromBlocks.length) return undefined;
  if (blocks.some((block, i) => block !== fromBlocks[i])) return undefined;
  return fromRow.subarray(fromRow.length - featureCount(set, 0));
}
