// Integration tier: real engines (the local Kafka broker, chdb), two files at a time (each its own broker and store).
/** @type {import('jest').Config} */
export default {
  rootDir: '..',
  testEnvironment: '<rootDir>/jest/environment.js',
  transform: {},
  testMatch: ['<rootDir>/{libs,services,tools}/*/dist/test/**/*.it.js'],
  testPathIgnorePatterns: ['/node_modules/'],
  // A hang fails fast with the test's name instead of waiting on CI's limit.
  testTimeout: 120_000,
};
