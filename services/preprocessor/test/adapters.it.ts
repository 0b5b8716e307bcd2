import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pseudonymizer, resolvePseudonymKey } from '@demand/pseudonyms';

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
