// `node build-text-model-store.js <directory>`: one test platform's first start trains the default text encoder and
// heads (on local mode's demo seed, as every test platform's would); they are copied into <directory> for the
// platforms of the run to copy in turn. Its own process, so nothing of that platform lingers in Jest's. On SIGTERM
// (jest/e2e-text-models.setup.js's deadline) it stops the platform and exits.
import path from 'node:path';
import { startTestPlatform } from './test-platform.js';
import { copyTextModels, waitForTextModelsReady } from './text-model-store.js';

const TRAINING_TIMEOUT_MS = 300_000;

const into = process.argv[2];
if (into === undefined) throw new Error('usage: build-text-model-store.js <directory>');
let terminated = false;
process.once('SIGTERM', () => {
  terminated = true;
});
const p = await startTestPlatform({}, { textModels: 'trained' });
const stopped = new Promise<never>((_, reject) => {
  const stop = () => reject(new Error('terminated (SIGTERM) before the text models were ready'));
  if (terminated) stop();
  else process.once('SIGTERM', stop);
});
try {
  await Promise.race([waitForTextModelsReady(p.platform, TRAINING_TIMEOUT_MS), stopped]);
  copyTextModels(path.join(p.dataDir, 'models'), into);
} finally {
  await p.stop();
}
