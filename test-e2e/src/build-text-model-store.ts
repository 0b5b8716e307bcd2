// `node build-text-model-store.js <directory>`: one test platform's first start trains the default text encoder and
// heads (on local mode's demo seed, as every test platform's would); they are copied into <directory> for the
// platforms of the run to copy in turn. Its own process, so nothing of that platform lingers in Jest's.
import path from 'node:path';
import { startTestPlatform } from './test-platform.js';
import { copyTextModels, waitForTextModelsReady } from './text-model-store.js';

const TRAINING_TIMEOUT_MS = 300_000;

const into = process.argv[2];
if (into === undefined) throw new Error('usage: build-text-model-store.js <directory>');
const p = await startTestPlatform({}, { textModels: 'trained' });
try {
  await waitForTextModelsReady(p.platform, TRAINING_TIMEOUT_MS);
  copyTextModels(path.join(p.dataDir, 'models'), into);
} finally {
  await p.stop();
}
