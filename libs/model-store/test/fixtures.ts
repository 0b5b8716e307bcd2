import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'model-store-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Resolves once `condition` holds; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A clock that advances one second per call, from a fixed start. */
export function steppingClock(start = Date.UTC(2025, 0, 1)): () => Date {
  let calls = 0;
  return () => new Date(start + 1000 * calls++);
}

export const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
