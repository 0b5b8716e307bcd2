import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The directory of the run's text models, trained once. Only jest/e2e-text-models.setup.js sets it (for the e2e
 * tier); other callers of startTestPlatform (e.g. the fuzz bench) run without it, and their embedders train.
 * Its own module, without the embedder, for the setup and teardown in Jest's own process.
 */
export const TEXT_MODEL_STORE_VARIABLE = 'E2E_TEXT_MODEL_STORE';

/** The setup's whole training child (platform start, training, copy, stop): Jest puts no limit on a global setup. */
export const BUILD_TIMEOUT_MS = 420_000;
/** How long the setup's child may take to stop its platform after SIGTERM before it is killed. */
export const STOP_GRACE_MS = 20_000;
/**
 * How long a platform that copies the run's models waits for them: past the setup's own deadline, at which it marks
 * the store failed.
 */
export const RUN_TRAINING_TIMEOUT_MS = BUILD_TIMEOUT_MS + STOP_GRACE_MS + 10_000;

/**
 * Where the setup records the store it built, on globalThis (which Jest shares between its global setup and
 * teardown): the teardown removes only that, never a directory the variable held before the run.
 */
export const STORE_BUILT_BY_SETUP = Symbol.for('demand.e2e.textModelStoreBuiltBySetup');

/** The run's trained text models, or undefined when this run built none (a config without the setup). */
export function textModelStoreOfRun(): string | undefined {
  return process.env[TEXT_MODEL_STORE_VARIABLE];
}

/** Files beside the models (copyTextModels copies only the models' directories) saying how the training ended. */
const TRAINED_MARKER = '.trained';
const FAILED_MARKER = '.failed';

/** Marks the store complete: platforms waiting on it copy it. */
export function markTextModelStoreTrained(store: string): void {
  writeFileSync(path.join(store, TRAINED_MARKER), '');
}

/** Marks the store failed with `reason`: platforms waiting on it throw it. */
export function markTextModelStoreFailed(store: string, reason: string): void {
  writeFileSync(path.join(store, FAILED_MARKER), reason);
}

/**
 * Waits until the setup, training in the background while the files that need no copy run, has marked the store
 * trained; throws when it marked it failed, or after `timeoutMs`.
 */
export async function waitForTextModelStore(store: string, timeoutMs: number, pollMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(path.join(store, TRAINED_MARKER))) return;
    const failed = path.join(store, FAILED_MARKER);
    if (existsSync(failed)) throw new Error(`the run's text models were not trained: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() >= deadline) throw new Error(`the run's text models were not trained in ${timeoutMs} ms: ${store}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
