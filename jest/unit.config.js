// Unit tier: compiled tests (`tsc -b` runs first), in parallel workers.
/** @type {import('jest').Config} */
export default {
  rootDir: '..',
  testEnvironment: '<rootDir>/jest/environment.js',
  transform: {},
  testMatch: ['<rootDir>/{libs,services,tools}/*/dist/test/**/*.test.js', '<rootDir>/test-e2e/dist/test/**/*.test.js'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
