// Which e2e files copy the run's text models (jest/e2e-text-models.setup.js), for the setup and the sequencer.
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The e2e files whose platforms copy the run's text models (the others train their own or start none). A file
 * missing here only trains its own models when run alone (startTestPlatform trains when the run built none).
 */
export const COPYING_FILES = [
  'api-keys-and-fuzz',
  'console',
  'dirty-shop',
  'feedback-loop',
  'forget-user',
  'import',
  'local-tenant',
  'pipeline',
  'redelivery',
  'text-analysis',
].map((name) => `${name}.e2e.js`);
export const TEST_DIRECTORY = 'test-e2e/dist/test';

/** Whether the file at `testPath` copies the run's models. */
export function copiesTextModels(testPath) {
  return COPYING_FILES.includes(path.basename(testPath));
}

/**
 * The e2e files Jest's selection (testPathPatterns; none selects every file) may run, but for those the project
 * ignores (testPathIgnorePatterns), split by whether they copy the run's models.
 */
export function selectedFiles(globalConfig, projectConfig) {
  const selection = globalConfig.testPathPatterns.toExecutor({ rootDir: globalConfig.rootDir });
  const ignored = (projectConfig?.testPathIgnorePatterns ?? []).map((pattern) => new RegExp(pattern));
  const directory = path.join(globalConfig.rootDir, TEST_DIRECTORY);
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.e2e.js'))
    .map((name) => path.join(directory, name))
    .filter((file) => selection.isMatch(file) && !ignored.some((pattern) => pattern.test(file)));
  return { copying: files.filter(copiesTextModels), training: files.filter((file) => !copiesTextModels(file)) };
}

/**
 * Whether the run's models train in the background: only while at least one file that copies nothing holds each
 * worker (e2e-sequencer.js starts those first), so no copying file starts at once and waits inside its beforeAll.
 */
export function trainsInBackground({ training }, maxWorkers) {
  return training.length >= maxWorkers;
}
