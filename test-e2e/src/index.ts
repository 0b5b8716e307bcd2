export { checkAlive, emptyFuzzReport, type FuzzReport, fuzzGrpc, fuzzTopics } from './fuzz-platform.js';
export { startTestPlatform, type TestPlatform } from './test-platform.js';
