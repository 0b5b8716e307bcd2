import { BERT_SPECIAL_TOKENS, BertTokenizer, buildWordPieceVocab, writeTokenizerJson } from '@demand/bert-tokenizer';
import { buildBertOnnxModel } from '../encoder/bert-onnx-builder.js';
import type { EncoderModelFiles } from '@demand/onnx-encoder';
import type { TokenDocument } from './cooccurrence.js';
import type { TrainingCorpus } from './corpus.js';
import { dictionaryContexts } from './dictionary-contexts.js';
import { glossTranslations, glossVocabulary } from './gloss-translations.js';
import { commonVocabularyText } from './generic-seed.js';
import { hiddenSizeFor, staticBertWeights } from './static-bert-weights.js';
import { trainStaticTokenVectors } from './static-token-vectors.js';

export interface DomainEncoderOptions {
  /**
   * WordPiece vocabulary size (default 10000: ~3,000 common Chinese characters, common English words, the shop's
   * own).
   */
  vocabSize: number;
  /** Width of the vectors the encoder outputs (default 256). */
  hiddenSize: number;
  /** Dimensions learned from co-occurrence (default 128); the rest of the content is lexical. */
  semanticDimensions: number;
  lexicalShare: number;
  window: number;
  /** Co-occurrence weight spread over all token pairs of one catalog document (default 8). */
  documentWeight: number;
  /** Tokens per text, [CLS] and [SEP] included (default 128). */
  maxLength: number;
  seed: number;
  /** Put common Chinese characters and English words in the vocabulary (default true; tiny test encoders skip it). */
  commonVocabulary: boolean;
  /** Count CC-CEDICT's entries for the shop's Chinese words as contexts (dictionary-contexts.ts; default true). */
  dictionary: boolean;
  /**
   * With the common vocabulary, every English word CC-CEDICT glosses at least this many of its words with is a whole
   * token, added to vocabSize (0, the default: none): "superb", not "sup ##er ##b". 5 lists 10,007 words (11,362
   * before the name, function-word and 200-entry filters; with those, on the kept corpus 7,676 tokens were new).
   */
  glossVocabulary: number;
  /**
   * A token with no meaning of its own takes the meaning of the CC-CEDICT words (two to four characters, all
   * written by the shop) whose glosses hold it (default false).
   */
  glossFoldIn: boolean;
}

export const DEFAULT_DOMAIN_ENCODER: DomainEncoderOptions = {
  vocabSize: 10_000,
  hiddenSize: 256,
  semanticDimensions: 128,
  lexicalShare: 0.5,
  window: 5,
  documentWeight: 8,
  maxLength: 128,
  seed: 17,
  commonVocabulary: true,
  dictionary: true,
  glossVocabulary: 0,
  glossFoldIn: false,
};

export interface DomainEncoderReport {
  method: 'ppmi-svd-static-bert';
  vocabSize: number;
  hiddenSize: number;
  documents: number;
  tokens: number;
  cooccurrencePairs: number;
  ppmiPairs: number;
  /** CC-CEDICT words of the shop's texts counted as contexts (0 with the dictionary off). */
  dictionaryContexts: number;
  options: DomainEncoderOptions;
}

/**
 * Trains the default text encoder on the shop's corpus and exports it as a model directory:
 * a WordPiece tokenizer.json built from the corpus, a BERT ONNX graph whose mean-pooled output
 * is the IDF-weighted sum of static token vectors (PPMI + SVD for meaning, random indexing for
 * exact words), and encoder.json (mean pooling, L2-normalised). Pure: returns bytes.
 */
export function trainDomainEncoder(
  corpus: TrainingCorpus,
  overrides: Partial<DomainEncoderOptions> = {},
): { files: EncoderModelFiles & { tokenizerText: string }; report: DomainEncoderReport } {
  const options = domainEncoderOptions(overrides);
  const running = [
    ...corpus.reviews.map((review) => review.text),
    ...corpus.queries.map((query) => query.text),
    ...corpus.dialogTurns.map((turn) => turn.text),
  ];
  // A query and the titles clicked after it are one context, like a catalog entry.
  const clicked = corpus.queries.flatMap((query) =>
    query.clickedItems?.length ? [[query.text, ...query.clickedItems].join(' ')] : [],
  );
  const whole = [...corpus.items, ...clicked];
  if (whole.length + running.length === 0) throw new RangeError('the training corpus has no texts');
  const generalWords = options.glossVocabulary > 0 ? glossVocabulary(options.glossVocabulary) : [];
  const tokenizerText = writeTokenizerJson(
    buildWordPieceVocab(
      [...whole, ...running, ...(options.commonVocabulary ? commonVocabularyText() : [])],
      options.vocabSize + generalWords.length,
      { wholeWords: generalWords },
    ),
  );
  const tokenizer = BertTokenizer.fromTokenizerJson(tokenizerText);
  const tokenIds = (text: string): number[] => tokenizer.tokenize(text).map((token) => tokenizer.tokenToId(token) ?? 0);
  const documents: TokenDocument[] = [
    ...whole.map((text): TokenDocument => ({ ids: tokenIds(text), context: 'whole' })),
    ...running.map((text): TokenDocument => ({ ids: tokenIds(text), context: 'window' })),
  ];
  const silent = BERT_SPECIAL_TOKENS.map((token) => tokenizer.tokenToId(token)).filter(
    (id): id is number => id !== undefined,
  );
  const contexts = options.dictionary ? dictionaryContexts([...whole, ...running]) : [];
  const contentDimensions = options.hiddenSize - hiddenSizeFor(0);
  const table = trainStaticTokenVectors(documents, tokenizer.vocabSize, silent, {
    dimensions: contentDimensions,
    semanticDimensions: options.semanticDimensions,
    lexicalShare: options.lexicalShare,
    window: options.window,
    documentWeight: options.documentWeight,
    seed: options.seed,
    contextOnly: contexts.map((text): TokenDocument => ({ ids: tokenIds(text), context: 'whole' })),
    ...(options.glossFoldIn
      ? {
          translations: glossTranslations(
            new Set([...whole, ...running].flatMap((text) => text.match(/\p{Script=Han}/gu) ?? [])),
            (word) => {
              const ids = tokenIds(word);
              return ids.length === 1 ? ids[0] : undefined;
            },
            tokenIds,
          ),
        }
      : {}),
  });
  const weights = staticBertWeights(table, { maxPositions: Math.max(512, options.maxLength), numHeads: 4 });
  return {
    files: {
      model: buildBertOnnxModel(weights),
      tokenizerJson: JSON.parse(tokenizerText) as unknown,
      tokenizerText,
      config: { pooling: 'mean', maxLength: options.maxLength, normalize: true },
    },
    report: {
      method: 'ppmi-svd-static-bert',
      vocabSize: tokenizer.vocabSize,
      hiddenSize: options.hiddenSize,
      ...table.report,
      dictionaryContexts: contexts.length,
      options,
    },
  };
}

/** The options with their defaults; throws on a key no option has or on options that contradict each other. */
export function domainEncoderOptions(overrides: Partial<DomainEncoderOptions>): DomainEncoderOptions {
  const unknown = Object.keys(overrides).filter((key) => !(key in DEFAULT_DOMAIN_ENCODER));
  if (unknown.length > 0) throw new RangeError(`no such encoder option: ${unknown.join(', ')}`);
  const options = { ...DEFAULT_DOMAIN_ENCODER, ...overrides };
  if (options.glossVocabulary > 0 && !options.commonVocabulary)
    throw new RangeError('glossVocabulary adds to the common vocabulary: it needs commonVocabulary');
  return options;
}
