export { checkAlive, emptyFuzzReport, type FuzzReport, fuzzGrpc, fuzzTopics } from './fuzz-platform.js';
export { startTestPlatform, type TestPlatform } from './test-platform.js';
export {
  pipelineServices,
  type PipelineService,
  type ProcessPipeline,
  startProcessPipeline,
} from './process-pipeline.js';
export * from './restart-stream.js';
export { processMemoryMb } from './service-metrics.js';
