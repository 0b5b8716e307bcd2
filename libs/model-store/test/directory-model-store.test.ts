import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir as readdirOfHost, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DirectoryModelStore, type ModelVersion } from '../src/index.js';
import { modelStoreContract } from './contract.js';
import { steppingClock, temporaryDirectory, waitFor } from './fixtures.js';

/** Directory entries as an array of this realm (Jest compares prototypes too). */
const readdir = async (path: string): Promise<string[]> => [...(await readdirOfHost(path))];

modelStoreContract('DirectoryModelStore', async () => {
  const directory = await temporaryDirectory();
  return {
    store: new DirectoryModelStore({ root: directory.path, now: steppingClock() }),
    otherClient: () => new DirectoryModelStore({ root: directory.path, now: steppingClock() }),
    close: directory.remove,
  };
});

describe('DirectoryModelStore on disk', () => {
  let root: string;
  let removeRoot: () => Promise<void>;
  beforeAll(async () => ({ path: root, remove: removeRoot } = await temporaryDirectory()));
  afterAll(() => removeRoot());

  it('lays versions out as <root>/<name>/<000001>/ with a manifest, loadable by path', async () => {
    const store = new DirectoryModelStore({ root });
    const version = await store.publish('encoder', {
      files: { 'onnx/model.onnx': 'graph', 'tokenizer.json': '{}' },
      metadata: {},
    });
    const directory = store.directoryOf(version);
    assert.equal(directory, join(root, 'encoder', '000001'));
    assert.deepEqual((await readdir(directory)).sort(), ['manifest.json', 'onnx', 'tokenizer.json']);
    assert.equal(await readFile(join(directory, 'onnx', 'model.onnx'), 'utf8'), 'graph');
    assert.deepEqual(JSON.parse(await readFile(join(directory, 'manifest.json'), 'utf8')), version);
    assert.deepEqual(await readdir(join(root, 'encoder')), ['000001'], 'no staging folder left behind');
  });

  it('never shows a reader an incomplete version while publishing', async () => {
    const store = new DirectoryModelStore({ root });
    const files = Object.fromEntries(
      Array.from({ length: 4 }, (_, f) => [`part-${f}.bin`, new Uint8Array(256 * 1024).fill(f + 1)]),
    );
    let publishing = true;
    const problems: string[] = [];
    const verified = new Set<number>();
    const reader = (async () => {
      while (publishing) {
        for (const entry of await readdir(join(root, 'big')).catch(() => [] as string[])) {
          if (entry.startsWith('.')) continue;
          const present = await readdir(join(root, 'big', entry));
          // A version folder is either reserved (empty) or complete (manifest + every file).
          if (present.length > 0 && present.length !== 5) problems.push(`${entry}: ${present.join(',')}`);
        }
        for (const version of await store.list('big')) {
          if (version.files.length !== 4)
            problems.push(`version ${version.version} lists ${version.files.length} files`);
          await store.verify(version).catch((e: Error) => problems.push(e.message));
          verified.add(version.version);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 6; i++) await store.publish('big', { files, metadata: { i } });
    publishing = false;
    await reader;
    assert.deepEqual(problems, []);
    assert.ok(verified.size >= 2, `the reader checked ${verified.size} versions while publishing`);
  });

  it('gives publishers in different processes distinct versions, and watchers hear of them', async () => {
    const entry = fileURLToPath(new URL('../src/index.js', import.meta.url));
    const publisherScript = (id: string) => `
      import { DirectoryModelStore } from ${JSON.stringify(entry)};
      const store = new DirectoryModelStore({ root: ${JSON.stringify(root)} });
      await Promise.all(Array.from({ length: 8 }, (_, i) =>
        store.publish('shared', { files: { 'w.txt': '${id}' + i }, metadata: { publisher: '${id}', i } })));`;
    const announced: number[] = [];
    const watcher = new DirectoryModelStore({ root }).watch('shared', (v) => void announced.push(v.version), {
      intervalMs: 10,
    });
    const run = promisify(execFile);
    await Promise.all(
      ['a', 'b'].map((id) => run(process.execPath, ['--input-type=module', '-e', publisherScript(id)])),
    );
    const versions = await new DirectoryModelStore({ root }).list('shared');
    assert.deepEqual(
      versions.map((v) => v.version),
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    const origins = versions.map((v) => `${v.metadata.publisher}${v.metadata.i}`).sort();
    assert.deepEqual(origins, [...'ab'].flatMap((id) => Array.from({ length: 8 }, (_, i) => `${id}${i}`)).sort());
    await waitFor(() => announced.at(-1) === 16, 3000, 'the watcher to reach version 16');
    watcher.stop();
    assert.deepEqual(
      announced,
      [...announced].sort((x, y) => x - y),
      'announced in increasing order',
    );
    assert.equal(new Set(announced).size, announced.length, 'each version announced once');
  });

  it('detects a corrupt, truncated or missing file and never returns its bytes', async () => {
    const store = new DirectoryModelStore({ root });
    const version = await store.publish('fragile', {
      files: { 'weights.json': '[1,2,3]', 'vocab.txt': 'a\nb\n' },
      metadata: {},
    });
    const weights = join(store.directoryOf(version), 'weights.json');
    await writeFile(weights, '[1,2,4]');
    const corrupt = { name: 'ModelStoreError', code: 'CORRUPT_ARTIFACT', transient: false };
    await assert.rejects(store.readFile(version, 'weights.json'), {
      ...corrupt,
      message:
        /model "fragile" version 000001: file "weights.json" is corrupt \(sha256 expected [0-9a-f]{64}, found [0-9a-f]{64}\)/,
    });
    await assert.rejects(store.verify(version), corrupt);
    await writeFile(weights, '[1');
    await assert.rejects(store.readFile(version, 'weights.json'), { ...corrupt, message: /expected 7 bytes, found 2/ });
    await rm(join(store.directoryOf(version), 'vocab.txt'));
    await assert.rejects(store.readFile(version, 'vocab.txt'), {
      ...corrupt,
      message: /"vocab.txt" is corrupt \(it is missing\)/,
    });
  });

  it('reports a corrupt manifest instead of skipping the version', async () => {
    const store = new DirectoryModelStore({ root });
    const version = await store.publish('broken', { files: { a: 'x' }, metadata: {} });
    await writeFile(join(store.directoryOf(version), 'manifest.json'), '{"name":');
    await assert.rejects(store.latest('broken'), { code: 'CORRUPT_ARTIFACT', message: /manifest.json is corrupt/ });
    await writeFile(join(root, 'broken', 'champion.json'), 'nonsense');
    await assert.rejects(store.champion('broken'), { code: 'CORRUPT_ARTIFACT', message: /champion.json is corrupt/ });
  });

  it('skips a version reserved by a publisher that died, and never reuses its number', async () => {
    const store = new DirectoryModelStore({ root });
    await store.publish('crashy', { files: { a: '1' }, metadata: {} });
    await mkdir(join(root, 'crashy', '000002'));
    await mkdir(join(root, 'crashy', '.staging-leftover'));
    assert.equal((await store.latest('crashy'))?.version, 1);
    assert.deepEqual(
      (await store.list('crashy')).map((v) => v.version),
      [1],
    );
    await assert.rejects(store.get('crashy', 2), { code: 'NOT_FOUND' });
    assert.equal((await store.publish('crashy', { files: { a: '3' }, metadata: {} })).version, 3);
  });

  it('writes the champion pointer by atomic replace, leaving no temporary files', async () => {
    const store = new DirectoryModelStore({ root, now: () => new Date('2025-06-01T00:00:00Z') });
    await store.publish('pointer', { files: { a: '1' }, metadata: {} });
    await store.promote('pointer', 1);
    const pointer = JSON.parse(await readFile(join(root, 'pointer', 'champion.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(pointer, { version: 1, promotedAt: '2025-06-01T00:00:00.000Z' });
    assert.deepEqual((await readdir(join(root, 'pointer'))).sort(), ['000001', 'champion.json']);
    assert.ok((await stat(join(root, 'pointer', 'champion.json'))).isFile());
  });

  it('rejects a version object whose name would leave the root', () => {
    const store = new DirectoryModelStore({ root });
    const forged = { name: '../etc', version: 1, createdAt: '', metadata: {}, files: [] } satisfies ModelVersion;
    assert.throws(() => store.directoryOf(forged), { code: 'INVALID_ARGUMENT' });
  });
});
