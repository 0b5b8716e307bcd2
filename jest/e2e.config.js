// End-to-end tier: the whole platform over the real bus and real gRPC, one file at a time.
/** @type {import('jest').Config} */
export default {
  rootDir: '..',
  testEnvironment: '<rootDir>/jest/environment.js',
  transform: {},
  testMatch: ['<rootDir>/test-e2e/dist/test/**/*.e2e.js'],
  testPathIgnorePatterns: ['/node_modules/'],
  // A hang fails fast with the test's name instead of waiting on CI's limit.
  testTimeout: 180_000,
};
