import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@jest/globals';
import { Spool, spoolDirectory } from '../src/embedded/spool-file.js';

const inTempDirectory = async (work: (directory: string) => Promise<void>) => {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'spool-'));
  try {
    await work(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
};

test('a spool file holds the bytes under a name of this process, in a directory the process may write to', () =>
  inTempDirectory(async (directory) => {
    const file = (await new Spool(directory).write(new Uint8Array([1, 2, 3]))) ?? '';
    assert.match(path.basename(file), new RegExp(`^insert-${process.pid}-[0-9a-f-]+\\.bin$`));
    assert.equal(path.dirname(file), directory);
    assert.deepEqual([...readFileSync(file)], [1, 2, 3]);
    assert.ok(['/dev/shm', os.tmpdir()].includes(spoolDirectory()));
  }));

test('a spool file that cannot be written is reported as undefined and leaves nothing behind', () =>
  inTempDirectory(async (directory) => {
    assert.equal(await new Spool(path.join(directory, 'missing')).write(new Uint8Array([1])), undefined);
    assert.deepEqual([...readdirSync(directory)], []);
  }));

test('a new spool removes spool files older than any insert lasts, and only those', () =>
  inTempDirectory(async (directory) => {
    const recent = await new Spool(directory).write(new Uint8Array([1]));
    const old = path.join(directory, 'insert-4242-0e5e1f5a-0000-4000-8000-000000000000.bin');
    const oldOther = path.join(directory, 'notes.bin');
    for (const file of [old, oldOther]) {
      writeFileSync(file, 'x');
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
      utimesSync(file, twoHoursAgo, twoHoursAgo);
    }

    new Spool(directory);
    const left = [...readdirSync(directory)].sort();
    assert.deepEqual(left, [path.basename(recent!), 'notes.bin'].sort(), 'the old spool file went; others stay');
  }));
