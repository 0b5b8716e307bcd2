// Every e2e platform's embedder would train the default text encoder and heads at its first start (the same
// models each time: the same demo seed, deterministic training). They are trained once here, by one platform's
// first start, and each platform copies them into its own store (startTestPlatform's `textModels`); suites that
// test that first start keep training their own. Skipped when the selected files include none that copies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithDeadline } from '../test-e2e/dist/src/run-with-deadline.js';
import { STORE_BUILT_BY_SETUP, TEXT_MODEL_STORE_VARIABLE } from '../test-e2e/dist/src/text-model-store-of-run.js';

const BUILDER = fileURLToPath(new URL('../test-e2e/dist/src/build-text-model-store.js', import.meta.url));
/** The whole child (platform start, training, copy, stop): Jest puts no limit on a global setup. */
const BUILD_TIMEOUT_MS = 420_000;
/** How long the child may take to stop its platform after SIGTERM before it is killed. */
const STOP_GRACE_MS = 20_000;
/**
 * The e2e files whose platforms copy the run's text models (the others train their own or start none). A file
 * missing here only trains its own models when run alone (startTestPlatform trains when the run built none).
 */
const COPYING_FILES = [
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
const TEST_DIRECTORY = 'test-e2e/dist/test';

/** Whether Jest's selection (testPathPatterns; none selects every file) may run a file that copies. */
function selectsCopyingFile(globalConfig) {
  const selection = globalConfig.testPathPatterns.toExecutor({ rootDir: globalConfig.rootDir });
  return COPYING_FILES.some((file) => selection.isMatch(path.join(globalConfig.rootDir, TEST_DIRECTORY, file)));
}

export default async function trainTextModelsOnce(globalConfig) {
  // A value inherited from the shell is not this run's store: platforms would copy it, the teardown remove it.
  delete process.env[TEXT_MODEL_STORE_VARIABLE];
  if (!selectsCopyingFile(globalConfig)) return;
  const store = mkdtempSync(path.join(tmpdir(), 'demand-e2e-text-models-'));
  const started = Date.now();
  try {
    await runWithDeadline(process.execPath, ['--enable-source-maps', BUILDER, store], BUILD_TIMEOUT_MS, STOP_GRACE_MS);
  } catch (error) {
    rmSync(store, { recursive: true, force: true });
    throw new Error(`training the run's text models failed: ${error.message}; see its output above`, { cause: error });
  }
  globalThis[STORE_BUILT_BY_SETUP] = store;
  process.env[TEXT_MODEL_STORE_VARIABLE] = store;
  process.stderr.write(`\ntext models trained once for the run in ${Date.now() - started} ms: ${store}\n`);
}
