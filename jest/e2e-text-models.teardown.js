import { rmSync } from 'node:fs';
import { STORE_BUILT_BY_SETUP } from '../test-e2e/dist/src/text-model-store-of-run.js';
import { TRAINING_IN_BACKGROUND } from './e2e-text-models.setup.js';

/**
 * Stops a training still under way in the background (every file may be done before it), then removes the store
 * the setup built, if it built one (not whatever E2E_TEXT_MODEL_STORE names).
 */
export default async function removeTextModels() {
  const training = globalThis[TRAINING_IN_BACKGROUND];
  delete globalThis[TRAINING_IN_BACKGROUND];
  if (training !== undefined) {
    training.stop.abort();
    await training.trained.catch(() => undefined);
  }
  const store = globalThis[STORE_BUILT_BY_SETUP];
  delete globalThis[STORE_BUILT_BY_SETUP];
  if (store !== undefined) rmSync(store, { recursive: true, force: true });
}
