// Jest's own order (failed files first, then the slowest by the last run's times, else the largest), except that
// the files that train their own text models or need none go before those that copy the run's: they run while
// the run's models are trained in the background (e2e-text-models.setup.js), instead of after.
import { createRequire } from 'node:module';
import { copiesTextModels } from './e2e-text-model-files.js';

// @jest/test-sequencer is Jest's own dependency, not this repository's: resolved from Jest, as Jest does.
const fromJest = createRequire(createRequire(import.meta.url).resolve('jest'));
const fromCore = createRequire(fromJest.resolve('@jest/core'));
const fromConfig = createRequire(fromCore.resolve('jest-config'));
const JestSequencer = fromConfig('@jest/test-sequencer').default;

export default class TrainingFilesFirst extends JestSequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [
      ...ordered.filter((test) => !copiesTextModels(test.path)),
      ...ordered.filter((test) => copiesTextModels(test.path)),
    ];
  }
}
