// End-to-end tier: the whole platform over the real bus and real gRPC. Two files at a time: most of a
// platform's start and of a test is waiting (consumer groups forming, batches flushing). Suites that
// bind the fixed local-mode ports run alone afterwards (e2e-fixed-ports.config.js). The default text models are
// trained once before the files start, for the platforms to copy (e2e-text-models.setup.js).
/** @type {import('jest').Config} */
export default {
  rootDir: '..',
  testEnvironment: '<rootDir>/jest/environment.js',
  transform: {},
  testMatch: ['<rootDir>/test-e2e/dist/test/**/*.e2e.js'],
  testPathIgnorePatterns: ['/node_modules/', '/local-mode\\.e2e\\.js$'],
  globalSetup: '<rootDir>/jest/e2e-text-models.setup.js',
  globalTeardown: '<rootDir>/jest/e2e-text-models.teardown.js',
  // A hang fails fast with the test's name instead of waiting on CI's limit.
  testTimeout: 180_000,
};
