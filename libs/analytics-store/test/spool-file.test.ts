import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
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
    assert.match(path.basename(file), new RegExp(`^insert-\\w+-${process.pid}-[0-9a-f-]+\\.bin$`));
    assert.equal(path.dirname(file), directory);
    assert.deepEqual([...readFileSync(file)], [1, 2, 3]);
    assert.ok(['/dev/shm', os.tmpdir()].includes(spoolDirectory()));
  }));

test('a spool file that cannot be written is reported as undefined and leaves nothing behind', () =>
  inTempDirectory(async (directory) => {
    assert.equal(await new Spool(path.join(directory, 'missing')).write(new Uint8Array([1])), undefined);
    assert.deepEqual([...readdirSync(directory)], []);
  }));

test("a new spool removes the files of this PID namespace's processes that no longer run, and only those", () =>
  inTempDirectory(async (directory) => {
    const mine = await new Spool(directory).write(new Uint8Array([1]));
    const namespace = path.basename((await new Spool(directory).write(new Uint8Array([2])))!).split('-')[1]!;
    const ended = spawnSync(process.execPath, ['-e', '']).pid; // a process that ran and is gone
    const stale = `insert-${namespace}-${ended}-0e5e1f5a-0000-4000-8000-000000000000.bin`;
    const otherNamespace = `insert-${namespace}0-${ended}-0e5e1f5a-0000-4000-8000-000000000001.bin`;
    for (const name of [stale, otherNamespace, 'notes.txt']) writeFileSync(path.join(directory, name), 'x');

    new Spool(directory);
    const left = [...readdirSync(directory)];
    assert.ok(!left.includes(stale), "the ended process's file is removed");
    assert.ok(left.includes(path.basename(mine!)), "a running process's file stays");
    assert.ok(left.includes(otherNamespace), "another PID namespace's file stays (its process may run there)");
    assert.ok(left.includes('notes.txt'), 'other files stay');
    assert.equal(left.length, 4);
    if (os.platform() === 'linux') assert.ok(readlinkSync('/proc/self/ns/pid').includes(namespace));
  }));
