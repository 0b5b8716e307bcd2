import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { createVectorStore } from '@demand/vector-store';
import { VectorStoreItemVectors } from '../src/adapters/vector-store-item-vectors.adapter.js';
import { contentVectors } from '../src/domain/content-vectors.js';

const item = (id: string) => ({ id, category: ['Food', 'Snacks', 'Nuts'], brand: 'acme', price: 10 });
const unit = (d: number, dims = 8) => Float32Array.from({ length: dims }, (_, k) => (k === d ? 1 : 0));

describe('content vectors', () => {
  it('are the encoder’s where most items have one; an item not embedded yet gets a hashed vector of that length', () => {
    const items = ['a', 'b', 'c', 'd'].map(item);
    const encoded = new Map([
      ['a', unit(0)],
      ['b', unit(1)],
      ['c', unit(2)],
    ]);
    const { vectors, source, encoded: used } = contentVectors(items, encoded);
    assert.deepEqual([source, used], ['encoder', 3]);
    assert.deepEqual([...vectors[1]!], [...unit(1)]);
    assert.equal(vectors[3]!.length, 8);
    assert.ok(vectors[3]!.some((x) => x !== 0));
  });

  it('are hashed from catalog fields for every item when fewer than half have an encoder vector', () => {
    const items = ['a', 'b', 'c'].map(item);
    const { vectors, source } = contentVectors(items, new Map([['a', unit(0)]]));
    assert.equal(source, 'hashed');
    assert.ok(vectors.every((v) => v.length === 64));
  });

  it('are read from the embedder’s item collection by item id, absent for items it does not hold', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recs-vectors-'));
    const store = createVectorStore({ kind: 'embedded', dataDir: dir });
    try {
      await store.ensureCollection('items_t', { dimensions: 8, distance: 'cosine' });
      await store.upsert('items_t', [
        { id: 'a', vector: unit(0), payload: {} },
        { id: 'b', vector: [0, 3, 0, 0, 0, 0, 0, 4], payload: {} },
      ]);
      const found = await new VectorStoreItemVectors(store, 'items_t').vectors(['a', 'x', 'b']);
      assert.deepEqual([...found.keys()].sort(), ['a', 'b']);
      assert.deepEqual(
        [...found.get('b')!].map((x) => Math.round(x * 10) / 10),
        [0, 0.6, 0, 0, 0, 0, 0, 0.8],
      );
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
