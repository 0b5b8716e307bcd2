export { checkAlive, emptyFuzzReport, type FuzzReport, fuzzGrpc, fuzzTopics } from './fuzz-platform.js';
export { startTestPlatform, type TestPlatform } from './test-platform.js';
export {
  pipelineServices,
  type PipelineService,
  type ProcessPipeline,
  startProcessPipeline,
} from './process-pipeline.js';
export * from './restart-stream.js';
export { processMemoryMb, type ProcessMemoryMb } from './service-metrics.js';
export { tfidfLogisticRegression, wordOverlapSearch } from './jieba-baselines.js';
export { classifierScores, leafPrecision } from './text-scores.js';
export {
  type CategoryQuery,
  type LabelledText,
  unseenQueries,
  unseenReviews,
  unseenTurns,
} from './unseen-texts.js';
