// Every e2e platform's embedder would train the default text encoder and heads at its first start (the same
// models each time: the same demo seed, deterministic training). They are trained once here, by one platform's
// first start, and each platform copies them into its own store (startTestPlatform's `textModels`); suites that
// test that first start keep training their own. Skipped when the selected files include none that copies.
// When the selection holds at least as many files that copy nothing as Jest has workers, the training runs in the
// background while they run (e2e-sequencer.js starts them first): a platform that copies waits until the store is
// marked trained or failed. With fewer, a copying file would start at once and wait inside its beforeAll, whose
// timeout the training can outlast on a loaded box (seen: local-tenant beside tenancy at load 15-18).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithDeadline } from '../test-e2e/dist/src/run-with-deadline.js';
import {
  BUILD_TIMEOUT_MS,
  markTextModelStoreFailed,
  markTextModelStoreTrained,
  STOP_GRACE_MS,
  STORE_BUILT_BY_SETUP,
  TEXT_MODEL_STORE_VARIABLE,
} from '../test-e2e/dist/src/text-model-store-of-run.js';
import { selectedFiles, trainsInBackground } from './e2e-text-model-files.js';

const BUILDER = fileURLToPath(new URL('../test-e2e/dist/src/build-text-model-store.js', import.meta.url));
/** The training under way in the background, and how the teardown stops it (on globalThis, as the store). */
export const TRAINING_IN_BACKGROUND = Symbol.for('demand.e2e.textModelTrainingInBackground');

export default async function trainTextModelsOnce(globalConfig, projectConfig) {
  // A value inherited from the shell is not this run's store: platforms would copy it, the teardown remove it.
  delete process.env[TEXT_MODEL_STORE_VARIABLE];
  const selection = selectedFiles(globalConfig, projectConfig);
  if (selection.copying.length === 0) return;
  const store = mkdtempSync(path.join(tmpdir(), 'demand-e2e-text-models-'));
  const started = Date.now();
  const stop = new AbortController();
  const trained = runWithDeadline(
    process.execPath,
    ['--enable-source-maps', BUILDER, store],
    BUILD_TIMEOUT_MS,
    STOP_GRACE_MS,
    stop.signal,
  ).then(
    () => {
      markTextModelStoreTrained(store);
      process.stderr.write(`\ntext models trained once for the run in ${Date.now() - started} ms: ${store}\n`);
    },
    (error) => {
      markTextModelStoreFailed(store, `${error.message}; see its output above`);
      throw new Error(`training the run's text models failed: ${error.message}; see its output above`, {
        cause: error,
      });
    },
  );
  globalThis[STORE_BUILT_BY_SETUP] = store;
  process.env[TEXT_MODEL_STORE_VARIABLE] = store;
  if (trainsInBackground(selection, globalConfig.maxWorkers)) {
    trained.catch(() => undefined); // the platforms that wait on the store report the failure
    globalThis[TRAINING_IN_BACKGROUND] = { trained, stop };
    return;
  }
  try {
    await trained;
  } catch (error) {
    delete globalThis[STORE_BUILT_BY_SETUP];
    delete process.env[TEXT_MODEL_STORE_VARIABLE];
    rmSync(store, { recursive: true, force: true });
    throw error;
  }
}
