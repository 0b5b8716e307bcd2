import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@jest/globals';
import { spoolDirectory, writeSpoolFile } from '../src/embedded/spool-file.js';

test('a spool file holds the bytes, in a directory the process may write to', async () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'spool-'));
  try {
    const file = (await writeSpoolFile(directory, new Uint8Array([1, 2, 3]))) ?? '';
    assert.ok(file?.startsWith(path.join(directory, `insert-${process.pid}-`)), String(file));
    assert.deepEqual([...readFileSync(file)], [1, 2, 3]);
    assert.ok(['/dev/shm', os.tmpdir()].includes(spoolDirectory()));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

test('a spool file that cannot be written is reported as undefined and leaves nothing behind', async () => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'spool-'));
  try {
    assert.equal(await writeSpoolFile(path.join(directory, 'missing'), new Uint8Array([1])), undefined);
    assert.deepEqual([...readdirSync(directory)], []);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
