// End-to-end tier: the whole platform over the real bus and real gRPC. Two files at a time: most of a
// platform's start and of a test is waiting (consumer groups forming, batches flushing). Suites that
// bind the fixed local-mode ports run alone afterwards (e2e-fixed-ports.config.js). The default text models are
// trained once, for the platforms to copy (e2e-text-models.setup.js): in the background while the files that
// copy nothing run, which e2e-sequencer.js starts first.
/** @type {import('jest').Config} */
export default {
  rootDir: '..',
  testEnvironment: '<rootDir>/jest/environment.js',
  transform: {},
  testMatch: ['<rootDir>/test-e2e/dist/test/**/*.e2e.js'],
  testPathIgnorePatterns: ['/node_modules/', '/local-mode\\.e2e\\.js$'],
  globalSetup: '<rootDir>/jest/e2e-text-models.setup.js',
  globalTeardown: '<rootDir>/jest/e2e-text-models.teardown.js',
  testSequencer: '<rootDir>/jest/e2e-sequencer.js',
  // A hang fails fast with the test's name instead of waiting on CI's limit.
  testTimeout: 180_000,
};
