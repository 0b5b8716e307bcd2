/**
 * The directory of the run's text models, trained once. Only jest/e2e-text-models.setup.js sets it (for the e2e
 * tier); other callers of startTestPlatform (e.g. the fuzz bench) run without it, and their embedders train.
 * Its own module, without the embedder, for the setup and teardown in Jest's own process.
 */
export const TEXT_MODEL_STORE_VARIABLE = 'E2E_TEXT_MODEL_STORE';

/**
 * Where the setup records the store it built, on globalThis (which Jest shares between its global setup and
 * teardown): the teardown removes only that, never a directory the variable held before the run.
 */
export const STORE_BUILT_BY_SETUP = Symbol.for('demand.e2e.textModelStoreBuiltBySetup');

/** The run's trained text models, or undefined when this run built none (a config without the setup). */
export function textModelStoreOfRun(): string | undefined {
  return process.env[TEXT_MODEL_STORE_VARIABLE];
}
