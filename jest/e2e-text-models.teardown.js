import { rmSync } from 'node:fs';
import { TEXT_MODEL_STORE_VARIABLE } from '../test-e2e/dist/src/text-model-store-of-run.js';

export default function removeTextModels() {
  const store = process.env[TEXT_MODEL_STORE_VARIABLE];
  if (store !== undefined) rmSync(store, { recursive: true, force: true });
}
