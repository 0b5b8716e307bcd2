import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { LocalPlatform } from '@demand/all-in-one';

/** Set by jest/e2e-text-models.setup.js for the run: the directory of the text models trained once. */
export const TEXT_MODEL_STORE_VARIABLE = 'E2E_TEXT_MODEL_STORE';

/** The embedder's models in a model store (services/embedder/README.md, Models). */
const TEXT_MODEL_NAMES = ['text-encoder', 'sentiment-head', 'intent-head'];

/** The run's trained text models, or undefined when this run built none (a config without the setup). */
export function textModelStoreOfRun(): string | undefined {
  return process.env[TEXT_MODEL_STORE_VARIABLE];
}

/** Copies the embedder's models (every version, as published) from one model store directory into another. */
export function copyTextModels(from: string, into: string): void {
  for (const name of TEXT_MODEL_NAMES) {
    const source = path.join(from, name);
    if (!existsSync(source)) throw new Error(`${source} is missing: the text model store is incomplete`);
    cpSync(source, path.join(into, name), { recursive: true, errorOnExist: true, force: false });
  }
}

/** Waits until the platform's embedder has loaded or trained its encoder and heads (its "text models" check). */
export async function waitForTextModelsReady(platform: LocalPlatform, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const response = await fetch(`${platform.httpAddress('embedder')}/readyz`);
    const body = (await response.json()) as { checks: Record<string, boolean>; detail?: Record<string, unknown> };
    if (body.checks['text models'] === true) return;
    last = String(body.detail?.['text models'] ?? JSON.stringify(body));
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the embedder's text models were not ready in ${timeoutMs} ms: ${last}`);
}
