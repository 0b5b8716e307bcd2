// The embedder's building blocks for jobs outside the service (bench/ evals and benchmarks):
// training from a corpus, the encoder, indexing and analysis as the service runs them.
export {
  trainBootstrapModels,
  type BootstrapResult,
  type TrainedHeadArtifact,
} from './training/bootstrap-models.js';
export { type DomainEncoderOptions, domainEncoderOptions } from './training/train-domain-encoder.js';
export { itemDocument, sentimentFromRating, type TrainingCorpus } from './training/corpus.js';
export { corpusOf, ClickHouseTrainingCorpus } from './adapters/clickhouse-training-corpus.adapter.js';
export { ModelRepository } from './adapters/model-repository.adapter.js';
export { migrationsDirectory } from './migrations-directory.js';
export { OnnxTextEncoder } from '@demand/onnx-encoder';
export { readEncoderModelDirectory } from '@demand/onnx-encoder';
export { padEncodings } from '@demand/onnx-encoder';
export { l2NormalizeInPlace, poolHiddenStates } from '@demand/onnx-encoder';
export { decodeHeadArtifact } from './domain/head-artifact.js';
export { headProbabilities, predict, type TextHead } from './domain/text-heads.js';
export { headFeatures } from './domain/head-features.js';
export { modelText } from './domain/model-text.js';
export { countSentimentTerms } from './domain/sentiment-lexicon.js';
export { intentLexiconFeatures } from './domain/intent-lexicon.js';
export { fuseItemRankings, KeywordIndex } from './domain/keyword-ranking.js';
export { genericSeedCorpus } from './training/generic-seed.js';
export { Collections } from './domain/collections.js';
export { CatalogItems } from './domain/catalog-items.js';
export { CatalogTerms } from './domain/catalog-terms.js';
export { TextIndexer } from './domain/text-indexer.js';
export { TextAnalyst } from './domain/text-analyst.js';
export type { TextModels } from './ports/text-models.port.js';
