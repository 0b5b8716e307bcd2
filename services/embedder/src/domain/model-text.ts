import { normalizeText } from '@demand/text';

/** Longest text the models read, in UTF-16 code units (the gRPC edge allows 10,000). */
const MODEL_TEXT_MAX = 10_000;

/**
 * The one normalisation every text gets before a model sees it — in training, in the indexer
 * and at the gRPC edge: invalid characters dropped, full-width folded, HTML stripped,
 * traditional Chinese to simplified, lower case. Texts from texts.clean.v1 were normalised by
 * the preprocessor already (without lower-casing); running them through again changes only
 * that, so every path ends in the same string.
 */
export function modelText(text: string): string {
  return normalizeText(text, { maxLength: MODEL_TEXT_MAX, lowerCase: true }).text;
}
