import { SeededRandom } from '@demand/ml';
import { countCooccurrences, positivePmi, type TokenDocument } from './cooccurrence.js';
import { truncatedSvdRows } from './truncated-svd.js';

export interface StaticVectorOptions {
  /** Width of each token vector. */
  dimensions: number;
  /** Of those, dimensions learned from co-occurrence (PPMI + SVD); the rest are lexical. */
  semanticDimensions: number;
  /** Share of a token vector's squared length given to its lexical part (0..1). */
  lexicalShare: number;
  window: number;
  documentWeight: number;
  seed: number;
  /** Contexts counted in co-occurrence only, not in document frequency (a dictionary's entries). */
  contextOnly?: readonly TokenDocument[];
  /**
   * Token ids of the words that translate a token (gloss-translations.ts): a token with no meaning of its own
   * (no document or context-only document used it) takes the mean meaning of its translations (each the mean of
   * its tokens' meanings), every learned meaning untouched.
   */
  translations?: ReadonlyMap<number, readonly (readonly number[])[]>;
}

/** One vector and one importance weight per token id. */
export interface StaticTokenVectors {
  vocabSize: number;
  dimensions: number;
  /** Row-major `vocabSize × dimensions`; unit rows, all-zero for tokens that carry nothing. */
  vectors: Float32Array;
  /** Inverse document frequency, ≥ 1 for every token seen; 0 for tokens never seen. */
  weights: Float32Array;
  report: { documents: number; tokens: number; cooccurrencePairs: number; ppmiPairs: number };
}

/**
 * Token vectors for a bag-of-tokens encoder. Each vector joins two parts:
 * - semantic: rows of the truncated SVD of the PPMI co-occurrence matrix, so tokens used in
 *   the same contexts (连衣裙 and "dress" in one catalog entry; 失望 and 差评) point alike;
 * - lexical: a seeded random direction per token (random indexing), nearly orthogonal to the
 *   others, so an exact word match still counts when co-occurrence smooths it away.
 * `silent` ids (special tokens) get zero vectors.
 */
export function trainStaticTokenVectors(
  documents: readonly TokenDocument[],
  vocabSize: number,
  silent: readonly number[],
  options: StaticVectorOptions,
): StaticTokenVectors {
  const { dimensions, semanticDimensions } = options;
  if (!(semanticDimensions > 0 && semanticDimensions < dimensions))
    throw new RangeError('semanticDimensions must be between 0 and dimensions');
  if (!(options.lexicalShare > 0 && options.lexicalShare < 1))
    throw new RangeError('lexicalShare must be between 0 and 1');
  const lexicalDimensions = dimensions - semanticDimensions;

  const documentFrequency = new Float64Array(vocabSize);
  let tokens = 0;
  for (const document of documents) {
    tokens += document.ids.length;
    for (const id of new Set(document.ids)) documentFrequency[id] = (documentFrequency[id] as number) + 1;
  }
  const counts = countCooccurrences([...documents, ...(options.contextOnly ?? [])], vocabSize, options);
  const ppmi = positivePmi(counts);
  const semantic = truncatedSvdRows(ppmi, { rank: semanticDimensions, seed: options.seed });
  if (options.translations) foldIn(semantic, semanticDimensions, options.translations);
  const random = new SeededRandom(options.seed ^ 0x5bd1e995);
  const silentIds = new Set(silent);

  const vectors = new Float32Array(vocabSize * dimensions);
  const weights = new Float32Array(vocabSize);
  const lexicalScale = Math.sqrt(options.lexicalShare);
  const semanticScale = Math.sqrt(1 - options.lexicalShare);
  for (let id = 0; id < vocabSize; id++) {
    const lexical = Float64Array.from({ length: lexicalDimensions }, () => random.normal());
    if (silentIds.has(id)) continue;
    // A vocabulary token no training text used (a common word the shop has not written yet)
    // keeps its lexical vector at the rarest weight, so it still matches itself.
    weights[id] = Math.log((documents.length + 1) / ((documentFrequency[id] as number) + 1)) + 1;
    const row = semantic.subarray(id * semanticDimensions, (id + 1) * semanticDimensions);
    const semanticNorm = norm(row);
    const lexicalNorm = norm(lexical);
    const offset = id * dimensions;
    const lexicalPart = semanticNorm > 0 ? lexicalScale : 1;
    for (let k = 0; k < lexicalDimensions; k++)
      vectors[offset + k] = (lexicalPart * (lexical[k] as number)) / lexicalNorm;
    if (semanticNorm > 0)
      for (let k = 0; k < semanticDimensions; k++)
        vectors[offset + lexicalDimensions + k] = (semanticScale * (row[k] as number)) / semanticNorm;
  }
  return {
    vocabSize,
    dimensions,
    vectors,
    weights,
    report: {
      documents: documents.length,
      tokens,
      cooccurrencePairs: counts.values.length,
      ppmiPairs: ppmi.values.length,
    },
  };
}

/** Each translated token without a meaning gets the mean of its translations' unit meanings (see `translations`). */
function foldIn(
  semantic: Float64Array,
  width: number,
  translations: ReadonlyMap<number, readonly (readonly number[])[]>,
): void {
  const unitSum = (rows: Iterable<ArrayLike<number>>): Float64Array => {
    const sum = new Float64Array(width);
    for (const row of rows) {
      const length = norm(row);
      if (length > 0) for (let k = 0; k < width; k++) sum[k] = (sum[k] as number) + (row[k] as number) / length;
    }
    return sum;
  };
  const rowOf = (id: number) => semantic.subarray(id * width, (id + 1) * width);
  const folded = new Map<number, Float64Array>();
  for (const [id, words] of translations)
    if (norm(rowOf(id)) === 0) folded.set(id, unitSum(words.map((ids) => unitSum(ids.map(rowOf)))));
  for (const [id, row] of folded) if (norm(row) > 0) rowOf(id).set(row);
}

function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] as number) ** 2;
  return Math.sqrt(sum);
}

/** What the encoder computes from these vectors: normalize(Σ weight·vector) over a text's tokens. */
export function pooledStaticVector(table: StaticTokenVectors, ids: readonly number[]): Float32Array {
  const out = new Float64Array(table.dimensions);
  for (const id of ids) {
    const weight = table.weights[id] as number;
    if (weight === 0) continue;
    for (let k = 0; k < table.dimensions; k++)
      out[k] = (out[k] as number) + weight * (table.vectors[id * table.dimensions + k] as number);
  }
  const length = norm(out);
  return Float32Array.from(out, (value) => (length > 0 ? value / length : 0));
}
