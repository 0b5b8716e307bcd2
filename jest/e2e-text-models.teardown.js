import { rmSync } from 'node:fs';
import { STORE_BUILT_BY_SETUP } from '../test-e2e/dist/src/text-model-store-of-run.js';

/** Removes the store the setup built, if it built one (not whatever E2E_TEXT_MODEL_STORE names). */
export default function removeTextModels() {
  const store = globalThis[STORE_BUILT_BY_SETUP];
  delete globalThis[STORE_BUILT_BY_SETUP];
  if (store !== undefined) rmSync(store, { recursive: true, force: true });
}
