import assert from 'node:assert/strict';
import { Random } from '@demand/testkit';
import type { ScoredPoint } from '../src/index.js';

export function randomVectors(count: number, dimensions: number, seed: number): number[][] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => Array.from({ length: dimensions }, () => random.float() * 2 - 1));
}

export function cosine(a: number[], b: number[]): number {
  let dotProduct = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dotProduct += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return dotProduct / Math.sqrt(normA * normB);
}

/** The exact top-`limit` ids by cosine similarity among `points`. */
export function bruteForceTop(points: { id: string; vector: number[] }[], query: number[], limit: number): string[] {
  return points
    .map((p) => ({ id: p.id, score: cosine(p.vector, query) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((p) => p.id);
}

export function ids(points: { id: string }[]): string[] {
  return points.map((p) => p.id);
}

export function sortedIds(points: { id: string }[]): string[] {
  return ids(points).sort();
}

export function assertScoresDescending(results: ScoredPoint[]): void {
  for (let i = 1; i < results.length; i++)
    assert.ok(results[i - 1].score >= results[i].score, `scores not descending at ${i}`);
}

export function assertClose(actual: number, expected: number, tolerance = 1e-4, what = 'value'): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
}

/** Asserts that `promise` rejects with a VectorStoreError of `code` (and a message matching `message`). */
export async function assertRejectsWithCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const e = error as { code?: unknown; message?: string; name?: string };
    assert.equal(e.name, 'VectorStoreError', `expected a VectorStoreError, got ${String(error)}`);
    assert.equal(e.code, code, `expected code ${code}, got ${String(e.code)}: ${e.message}`);
    if (message) assert.match(e.message ?? '', message);
    return true;
  });
}
