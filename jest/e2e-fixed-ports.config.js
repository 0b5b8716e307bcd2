// End-to-end suites that bind local mode's fixed ports (gRPC 5005x, HTTP 8080, Kafka 29092): run alone,
// after the rest, so no other suite's OS-assigned port can take one of them. Local mode trains its own text
// models at first start, so the run trains none to copy.
import e2e from './e2e.config.js';

/** @type {import('jest').Config} */
export default {
  ...e2e,
  testMatch: ['<rootDir>/test-e2e/dist/test/local-mode.e2e.js'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
