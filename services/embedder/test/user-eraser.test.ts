import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedVectorStore } from '@demand/vector-store';
import { collectionName, collectionSpec, INDEXED_KINDS } from '../src/domain/collections.js';
import { UserEraser } from '../src/domain/user-eraser.js';

test("a forgotten user's texts leave every collection of every encoder; other users' stay; twice is harmless", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'user-eraser-'));
  const store = new EmbeddedVectorStore({ dataDir: dir });
  try {
    const gone = 'p11111111111111111111111111111111';
    const stays = 'p22222222222222222222222222222222';
    for (const encoder of ['enc0old', 'enc1new']) {
      for (const kind of INDEXED_KINDS) {
        const name = collectionName(kind, encoder);
        await store.ensureCollection(name, collectionSpec(kind, 4));
        await store.upsert(
          name,
          [gone, stays, ''].map((userId, i) => ({
            id: `${kind}-${i}`,
            vector: [1, i, 0, 1],
            payload: { user_id: userId, item_id: 'i1', language: 'zh' },
          })),
        );
      }
    }
    const eraser = new UserEraser(store);
    const erased = await eraser.erase([gone, 'shop-user-1']);
    assert.equal(erased.length, 8);
    assert.ok(erased.every((e) => e.points === 1));
    for (const name of await store.listCollections()) {
      assert.equal(await store.count(name, { must: [{ key: 'user_id', match: { value: gone } }] }), 0, name);
      assert.equal(await store.count(name), 2, `${name} keeps the other user's text and the catalog text`);
    }
    assert.ok((await eraser.erase([gone])).every((e) => e.points === 0));
    assert.deepEqual(await eraser.erase(['']), [], 'an empty id never becomes a filter that matches catalog texts');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
