import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolvePseudonymKey } from '@demand/pseudonyms';
import { SqliteCatalogSnapshot } from '../src/adapters/sqlite-catalog-snapshot.adapter.js';
import { Pseudonymizer } from '@demand/pseudonyms';

function withDir(run: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'preprocessor-'));
    try {
      await run(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'catalog snapshot: items saved, replaced and loaded again after reopening',
  withDir(async (dir) => {
    const item = { itemId: 'i-1', price: 10, brand: '星河纪', categoryPath: ['美妆'], attributes: { 色号: '自然色' } };
    const first = new SqliteCatalogSnapshot(dir);
    first.open();
    await first.save([item, { ...item, itemId: 'i-2' }]);
    await first.save([{ ...item, price: 12 }]);
    first.close();
    const second = new SqliteCatalogSnapshot(dir);
    second.open();
    const loaded = [...(await second.load())].sort((a, b) => a.itemId.localeCompare(b.itemId));
    assert.deepEqual(loaded, [
      { ...item, price: 12 },
      { ...item, itemId: 'i-2' },
    ]);
    second.close();
    await assert.rejects(
      second.load(),
      (e: Error & { transient?: boolean }) => e.transient === true && /not open/.test(e.message),
    );
  }),
);

test(
  'local pseudonym key: generated once (mode 0600), the same on the next start',
  withDir(async (dir) => {
    const file = path.join(dir, 'pre', 'pseudonym.key');
    const first = new Pseudonymizer(resolvePseudonymKey({ kind: 'local-file', file })).pseudonymOf('u-1');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^[0-9a-f]{64}\n$/);
    const second = new Pseudonymizer(resolvePseudonymKey({ kind: 'local-file', file })).pseudonymOf('u-1');
    assert.equal(second, first);
  }),
);
