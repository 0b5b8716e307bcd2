import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { LocalPlatform } from '@demand/all-in-one';
import { TEXT_MODEL_NAMES, TEXT_MODELS_FAILED } from '@demand/embedder';

/** One /readyz request's deadline: long enough while the training worker and the platform hold both cores. */
const PROBE_DEADLINE_MS = 15_000;

/** Copies the embedder's models (every version, as published) from one model store directory into another. */
export function copyTextModels(from: string, into: string): void {
  for (const name of TEXT_MODEL_NAMES) {
    const source = path.join(from, name);
    if (!existsSync(source)) throw new Error(`${source} is missing: the text model store is incomplete`);
    cpSync(source, path.join(into, name), { recursive: true, errorOnExist: true, force: false });
  }
}

interface Readiness {
  checks: Record<string, boolean>;
  detail?: Record<string, unknown>;
}

/**
 * Waits until the platform's embedder has loaded or trained its encoder and heads (its "text models" check);
 * fails at once when the embedder says they failed. (Not test-e2e's waitForTextModels: Analyze's UNAVAILABLE does
 * not tell a failure from training still under way.)
 */
export async function waitForTextModelsReady(platform: LocalPlatform, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const signal = AbortSignal.timeout(Math.max(1_000, Math.min(PROBE_DEADLINE_MS, deadline - Date.now())));
    const response = await fetch(`${platform.httpAddress('embedder')}/readyz`, { signal });
    const body = (await response.json()) as Readiness;
    if (body.checks['text models'] === true) return;
    last = String(body.detail?.['text models'] ?? JSON.stringify(body));
    if (last.startsWith(TEXT_MODELS_FAILED)) throw new Error(`the embedder's text models failed: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the embedder's text models were not ready in ${timeoutMs} ms: ${last}`);
}
