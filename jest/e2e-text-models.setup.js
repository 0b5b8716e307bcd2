// Every e2e platform's embedder would train the default text encoder and heads at its first start (the same
// models each time: the same demo seed, deterministic training). They are trained once here, by one platform's
// first start, and each platform copies them into its own store (startTestPlatform's `textModels`); suites that
// test that first start keep training their own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEXT_MODEL_STORE_VARIABLE } from '../test-e2e/dist/src/text-model-store-of-run.js';

const BUILDER = fileURLToPath(new URL('../test-e2e/dist/src/build-text-model-store.js', import.meta.url));

export default async function trainTextModelsOnce() {
  const store = mkdtempSync(path.join(tmpdir(), 'demand-e2e-text-models-'));
  const started = Date.now();
  const builder = spawn(process.execPath, ['--enable-source-maps', BUILDER, store], { stdio: 'inherit' });
  const code = await new Promise((resolve, reject) => {
    builder.once('error', reject);
    builder.once('exit', (exitCode, signal) => resolve(exitCode ?? signal));
  });
  if (code !== 0) {
    rmSync(store, { recursive: true, force: true });
    throw new Error(`training the run's text models failed (${code}); see its output above`);
  }
  process.env[TEXT_MODEL_STORE_VARIABLE] = store;
  process.stderr.write(`\ntext models trained once for the run in ${Date.now() - started} ms: ${store}\n`);
}
