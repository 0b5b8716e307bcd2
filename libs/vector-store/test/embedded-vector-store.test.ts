import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from '@jest/globals';
import { EmbeddedVectorStore, type PointInput } from '../src/index.js';
import { assertRejectsWithCode, bruteForceTop, ids, randomVectors } from './fixtures.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'vector-store-embedded-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const indexFile = (collection: string) => path.join(dataDir, 'indexes', `${collection}.usearch`);

function points(count: number, dimensions: number, seed: number, prefix = 'p'): PointInput[] {
  return randomVectors(count, dimensions, seed).map((vector, i) => ({ id: `${prefix}${i}`, vector, payload: { i } }));
}

async function seeded(count: number): Promise<EmbeddedVectorStore> {
  const store = new EmbeddedVectorStore({ dataDir });
  await store.ensureCollection('items', { dimensions: 6, distance: 'cosine' });
  await store.upsert('items', points(count, 6, 1));
  return store;
}

test('close saves the ANN index and the next open loads it instead of rebuilding', async () => {
  await (await seeded(40)).close();
  const store = new EmbeddedVectorStore({ dataDir });
  assert.equal(await store.count('items'), 40);
  assert.deepEqual(store.indexSources(), { items: 'loaded' });
  await store.close();
});

test('a missing or unreadable index file is rebuilt from SQLite', async () => {
  await (await seeded(40)).close();
  rmSync(indexFile('items'));
  let store = new EmbeddedVectorStore({ dataDir });
  const query = randomVectors(1, 6, 5)[0];
  const expected = bruteForceTop(
    points(40, 6, 1).map((p) => ({ id: p.id, vector: p.vector as number[] })),
    query,
    3,
  );
  assert.deepEqual(ids(await store.search('items', { vector: query, limit: 3 })), expected);
  assert.deepEqual(store.indexSources(), { items: 'rebuilt' });
  await store.close();

  writeFileSync(indexFile('items'), 'not an index');
  store = new EmbeddedVectorStore({ dataDir });
  assert.deepEqual(ids(await store.search('items', { vector: query, limit: 3 })), expected);
  assert.deepEqual(store.indexSources(), { items: 'rebuilt' });
  await store.close();
});

test('after a crash (writes since the last index save) the stale index is rebuilt', async () => {
  const moduleUrl = new URL('../src/index.js', import.meta.url).href;
  const crashingWriter = `
    const { EmbeddedVectorStore } = await import(${JSON.stringify(moduleUrl)});
    const store = new EmbeddedVectorStore({ dataDir: ${JSON.stringify(dataDir)} });
    await store.ensureCollection('items', { dimensions: 2, distance: 'cosine' });
    await store.upsert('items', [{ id: 'a', vector: [1, 0], payload: {} }, { id: 'b', vector: [0, 1], payload: {} }]);
    await store.saveIndexes();
    await store.upsert('items', [{ id: 'c', vector: [-1, 0], payload: { late: true } }]);
    await store.delete('items', ['b']);
    process.kill(process.pid, 'SIGKILL');
  `;
  // An empty environment: the test runner's own variables would make the child act as a test.
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', crashingWriter], {
    encoding: 'utf8',
    env: {},
  });
  assert.equal(child.signal, 'SIGKILL', `writer exited ${child.status}: ${child.stderr}${child.stdout}`);

  const store = new EmbeddedVectorStore({ dataDir });
  assert.equal(await store.count('items'), 2);
  assert.deepEqual(store.indexSources(), { items: 'rebuilt' });
  assert.deepEqual(ids(await store.search('items', { vector: [-1, 0.1], limit: 5 })), ['c', 'a']);
  await store.close();
});

test('a filter whose matches lie far from the query still yields the exact top results', async () => {
  const store = new EmbeddedVectorStore({ dataDir, exactSearchMaxCandidates: 4 });
  await store.ensureCollection('skewed', { dimensions: 8, distance: 'cosine' });
  const query = [1, 0, 0, 0, 0, 0, 0, 0];
  // 270 points around the query, 30 rare ones around its opposite.
  const near = randomVectors(270, 8, 11).map((v, i) => ({
    id: `near${i}`,
    vector: [5 + v[0], ...v.slice(1)],
    payload: { rare: false },
  }));
  const far = randomVectors(30, 8, 12).map((v, i) => ({
    id: `far${i}`,
    vector: [-5 + v[0], ...v.slice(1)],
    payload: { rare: true },
  }));
  await store.upsert('skewed', [...near, ...far]);
  const results = await store.search('skewed', {
    vector: query,
    limit: 10,
    filter: { must: [{ key: 'rare', match: { value: true } }] },
  });
  assert.deepEqual(ids(results), bruteForceTop(far, query, 10));
  await store.close();
});

test('payloads handed out are copies', async () => {
  const store = await seeded(3);
  const [first] = await store.retrieve('items', ['p0']);
  (first.payload as { i: number }).i = 999;
  assert.deepEqual((await store.retrieve('items', ['p0']))[0].payload, { i: 0 });
  await store.close();
});

test('a closed store refuses calls', async () => {
  const store = await seeded(1);
  await store.close();
  await store.close();
  await assertRejectsWithCode(store.count('items'), 'FAILED_PRECONDITION', /closed/);
});

test('a collection no larger than exactSearchMaxCandidates is searched exactly, a larger one through the ANN index', async () => {
  const collection = points(300, 8, 3);
  const truth = collection.map((p) => ({ id: p.id, vector: p.vector as number[] }));
  const queries = randomVectors(25, 8, 9);
  const small = new EmbeddedVectorStore({ dataDir, exactSearchMaxCandidates: 300 });
  await small.ensureCollection('items', { dimensions: 8, distance: 'cosine' });
  await small.upsert('items', collection);
  for (const query of queries)
    assert.deepEqual(ids(await small.search('items', { vector: query, limit: 10 })), bruteForceTop(truth, query, 10));
  await small.close();

  const large = new EmbeddedVectorStore({ dataDir, exactSearchMaxCandidates: 299 });
  let found = 0;
  for (const query of queries) {
    const expected = new Set(bruteForceTop(truth, query, 10));
    found += ids(await large.search('items', { vector: query, limit: 10 })).filter((id) => expected.has(id)).length;
  }
  assert.ok(found / (queries.length * 10) >= 0.9, `ANN recall@10 ${found / (queries.length * 10)}`);
  await large.close();
});
