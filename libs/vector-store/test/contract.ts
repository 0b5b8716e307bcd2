import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from '@jest/globals';
import type { Filter, PointInput, VectorStore } from '../src/index.js';
import {
  assertClose,
  assertRejectsWithCode,
  assertScoresDescending,
  bruteForceTop,
  cosine,
  ids,
  randomVectors,
  sortedIds,
} from './fixtures.js';
import { shopItems, shopQuery, filterCases } from './contract-cases.js';

/** One engine the contract runs against. */
export interface ContractTarget {
  /** Opens a store on the engine; called again after `close()` to check that data persists. */
  open(): Promise<VectorStore>;
  /** Removes what one test left behind (given the collections it used) and releases the engine. */
  cleanup(collections: string[]): Promise<void>;
}

interface TestContext {
  store: VectorStore;
  /** A collection name unique to this run and test. */
  collection(base: string): string;
  /** Closes the store and opens a new one on the same engine. */
  reopen(): Promise<VectorStore>;
}

/** The behaviour every VectorStore adapter must share; registers one `describe` block. */
export function vectorStoreContract(label: string, makeTarget: () => Promise<ContractTarget>): void {
  const runId = randomUUID().slice(0, 8);

  async function withStore(run: (context: TestContext) => Promise<void>): Promise<void> {
    const target = await makeTarget();
    const used: string[] = [];
    let store = await target.open();
    const context: TestContext = {
      get store() {
        return store;
      },
      collection(base) {
        const name = `vsc_${runId}_${base}`;
        used.push(name);
        return name;
      },
      async reopen() {
        await store.close();
        store = await target.open();
        return store;
      },
    };
    try {
      await run(context);
    } finally {
      await store.close();
      await target.cleanup(used);
    }
  }

  async function seedShop(context: TestContext, base: string): Promise<string> {
    const name = context.collection(base);
    await context.store.ensureCollection(name, {
      dimensions: 4,
      distance: 'cosine',
      payloadIndexes: [
        { field: 'category', type: 'keyword' },
        { field: 'price', type: 'float' },
        { field: 'in_stock', type: 'bool' },
      ],
    });
    await context.store.upsert(name, shopItems());
    return name;
  }

  describe(`VectorStore contract: ${label}`, () => {
    test('ranks by cosine similarity and reports it as the score', () =>
      withStore(async (context) => {
        const name = await seedShop(context, 'ranking');
        const results = await context.store.search(name, { vector: shopQuery, limit: 4 });
        assert.deepEqual(ids(results), ['item-1', 'item-2', 'item-3', 'item-4']);
        assertScoresDescending(results);
        for (const result of results) {
          const item = shopItems().find((i) => i.id === result.id)!;
          assertClose(result.score, cosine(item.vector as number[], shopQuery), 1e-4, `score of ${result.id}`);
        }
        assert.deepEqual(results[0].payload, shopItems()[0].payload);
        const reversed = await context.store.search(name, { vector: [-1, 0, 0, 0], limit: 6 });
        assert.equal(reversed.at(-1)?.id, 'item-1');
        assertClose(reversed.at(-1)!.score, -1, 1e-4, 'score of the opposite vector');
        const scaled = await context.store.search(name, { vector: [0, 0, 5, 0], limit: 1 });
        assert.equal(scaled[0].id, 'item-6');
        assertClose(scaled[0].score, 1, 1e-4, 'score of a same-direction vector');
      }));

    test('withPayload false and scoreThreshold', () =>
      withStore(async (context) => {
        const name = await seedShop(context, 'options');
        const bare = await context.store.search(name, { vector: shopQuery, limit: 2, withPayload: false });
        assert.deepEqual(
          bare.map((r) => [r.id, r.payload]),
          [
            ['item-1', {}],
            ['item-2', {}],
          ],
        );
        const close = await context.store.search(name, { vector: shopQuery, limit: 10, scoreThreshold: 0.9 });
        assert.deepEqual(ids(close), ['item-1', 'item-2', 'item-3']);
      }));

    test('upsert by the same id replaces vector and payload; ids may be any string', () =>
      withStore(async (context) => {
        const name = context.collection('replace');
        await context.store.ensureCollection(name, { dimensions: 3, distance: 'cosine' });
        await context.store.ensureCollection(name, { dimensions: 3, distance: 'cosine' });
        const oddId = 'user:42/ümlaut 商品 #1';
        await context.store.upsert(name, [
          { id: oddId, vector: new Float32Array([1, 0, 0]), payload: { version: 1 } },
          { id: 'other', vector: [0, 0, 1], payload: { version: 1 } },
        ]);
        await context.store.upsert(name, [{ id: oddId, vector: [0, 1, 0], payload: { version: 2, note: 'replaced' } }]);
        assert.equal(await context.store.count(name), 2);
        const [top] = await context.store.search(name, { vector: [0, 1, 0], limit: 1 });
        assert.equal(top.id, oddId);
        assertClose(top.score, 1, 1e-4);
        assert.deepEqual(top.payload, { version: 2, note: 'replaced' });
      }));

    for (const { title, filter, expected } of filterCases) {
      test(`filter: ${title}`, () =>
        withStore(async (context) => {
          const name = await seedShop(context, 'filter');
          const results = await context.store.search(name, { vector: shopQuery, limit: 10, filter });
          assert.deepEqual(sortedIds(results), [...expected].sort());
          assert.equal(await context.store.count(name, filter), expected.length);
        }));
    }

    test('filtered search returns `limit` matches whenever that many exist', () =>
      withStore(async (context) => {
        const name = context.collection('enough');
        await context.store.ensureCollection(name, {
          dimensions: 8,
          distance: 'cosine',
          payloadIndexes: [{ field: 'bucket', type: 'integer' }],
        });
        const vectors = randomVectors(300, 8, 7);
        const points: PointInput[] = vectors.map((vector, i) => ({
          id: `p${i}`,
          vector,
          payload: { bucket: i % 10, parity: i % 2 === 0 ? 'even' : 'odd', serial: i },
        }));
        await context.store.upsert(name, points);
        const query = randomVectors(1, 8, 99)[0];
        const cases: { filter: Filter; limit: number; matching: (i: number) => boolean }[] = [
          { filter: { must: [{ key: 'bucket', match: { value: 3 } }] }, limit: 15, matching: (i) => i % 10 === 3 },
          { filter: { must: [{ key: 'parity', match: { value: 'even' } }] }, limit: 20, matching: (i) => i % 2 === 0 },
          {
            filter: { must_not: [{ key: 'bucket', match: { any: [0, 1, 2, 3, 4, 5, 6, 7] } }] },
            limit: 40,
            matching: (i) => i % 10 >= 8,
          },
          {
            filter: {
              must: [
                { key: 'bucket', match: { value: 7 } },
                { key: 'serial', range: { lt: 100 } },
              ],
            },
            limit: 25,
            matching: (i) => i % 10 === 7 && i < 100,
          },
        ];
        for (const { filter, limit, matching } of cases) {
          const candidates = points
            .filter((_, i) => matching(i))
            .map((p) => ({ id: p.id, vector: p.vector as number[] }));
          const results = await context.store.search(name, { vector: query, limit, filter });
          assert.equal(results.length, Math.min(limit, candidates.length), JSON.stringify(filter));
          const allowed = new Set(ids(candidates));
          assert.ok(
            results.every((r) => allowed.has(r.id)),
            `a result fails ${JSON.stringify(filter)}`,
          );
          assertScoresDescending(results);
          const truth = new Set(bruteForceTop(candidates, query, limit));
          const recall = results.filter((r) => truth.has(r.id)).length / truth.size;
          assert.ok(recall >= 0.9, `recall ${recall} for ${JSON.stringify(filter)}`);
        }
      }));

    test('retrieve returns existing points in the order asked, with unit vectors on request', () =>
      withStore(async (context) => {
        const name = await seedShop(context, 'retrieve');
        const found = await context.store.retrieve(name, ['item-3', 'missing', 'item-1', 'item-3']);
        assert.deepEqual(ids(found), ['item-3', 'item-1']);
        assert.deepEqual(found[1].payload, shopItems()[0].payload);
        assert.equal(found[0].vector, undefined);
        const [withVector] = await context.store.retrieve(name, ['item-4'], { withVector: true });
        const stored = withVector.vector!;
        const norm = Math.sqrt(stored.reduce((s, x) => s + x * x, 0));
        assertClose(norm, 1, 1e-4, 'stored vector norm');
        assertClose(cosine(stored, shopItems()[3].vector as number[]), 1, 1e-4, 'stored vector direction');
      }));

    test('delete by ids and count', () =>
      withStore(async (context) => {
        const name = await seedShop(context, 'delete');
        assert.equal(await context.store.count(name), 6);
        await context.store.delete(name, ['item-1', 'item-5', 'never-existed']);
        assert.equal(await context.store.count(name), 4);
        assert.deepEqual(await context.store.retrieve(name, ['item-1']), []);
        const results = await context.store.search(name, { vector: shopQuery, limit: 10 });
        assert.deepEqual(sortedIds(results), ['item-2', 'item-3', 'item-4', 'item-6']);
        await context.store.delete(name, []);
        assert.equal(await context.store.count(name), 4);
      }));

    test('deleteByFilter removes exactly the matching points and refuses an empty filter', () =>
      withStore(async (context) => {
        const name = await seedShop(context, 'forget');
        await context.store.deleteByFilter(name, { must: [{ key: 'brand', match: { value: 'acme' } }] });
        assert.deepEqual(sortedIds(await context.store.search(name, { vector: shopQuery, limit: 10 })), [
          'item-2',
          'item-4',
          'item-5',
        ]);
        await assertRejectsWithCode(context.store.deleteByFilter(name, { must: [] }), 'INVALID_ARGUMENT');
        assert.equal(await context.store.count(name), 3);
      }));

    test('listCollections names every collection, sorted', () =>
      withStore(async (context) => {
        const second = context.collection('listed-b');
        const first = context.collection('listed-a');
        for (const name of [second, first])
          await context.store.ensureCollection(name, { dimensions: 4, distance: 'cosine' });
        const names = await context.store.listCollections();
        assert.deepEqual(
          names.filter((n) => n === first || n === second),
          [first, second],
        );
        assert.deepEqual(names, [...names].sort());
      }));

    test('data persists across close and reopen', () =>
      withStore(async (context) => {
        const name = await seedShop(context, 'persist');
        await context.store.delete(name, ['item-6']);
        const store = await context.reopen();
        assert.equal(await store.count(name), 5);
        assert.deepEqual(ids(await store.search(name, { vector: shopQuery, limit: 3 })), [
          'item-1',
          'item-2',
          'item-3',
        ]);
        await store.upsert(name, [{ id: 'item-7', vector: [0, 0, 0, 1], payload: { category: 'socks' } }]);
        assert.deepEqual(ids(await store.search(name, { vector: [0, 0, 0, 1], limit: 1 })), ['item-7']);
      }));

    test('vectors of the wrong dimension are refused; so is a collection redefined', () =>
      withStore(async (context) => {
        const name = await seedShop(context, 'dims');
        await assertRejectsWithCode(
          context.store.upsert(name, [{ id: 'x', vector: [1, 0, 0], payload: {} }]),
          'INVALID_ARGUMENT',
          /dimension/i,
        );
        await assertRejectsWithCode(
          context.store.search(name, { vector: [1, 0, 0], limit: 1 }),
          'INVALID_ARGUMENT',
          /dimension/i,
        );
        await assertRejectsWithCode(
          context.store.ensureCollection(name, { dimensions: 8, distance: 'cosine' }),
          'FAILED_PRECONDITION',
        );
        assert.equal(await context.store.count(name), 6);
      }));

    test('a missing collection is NOT_FOUND; bad input is INVALID_ARGUMENT', () =>
      withStore(async (context) => {
        const missing = context.collection('missing');
        await assertRejectsWithCode(context.store.search(missing, { vector: [1, 0], limit: 1 }), 'NOT_FOUND');
        await assertRejectsWithCode(context.store.count(missing), 'NOT_FOUND');
        await assertRejectsWithCode(
          context.store.upsert(missing, [{ id: 'a', vector: [1, 0], payload: {} }]),
          'NOT_FOUND',
        );
        await context.store.upsert(missing, []);
        assert.deepEqual(await context.store.retrieve(missing, []), []);
        const name = await seedShop(context, 'invalid');
        const bad = { must: [{ key: 'price', match: { value: 1.5 } }] } as Filter;
        await assertRejectsWithCode(
          context.store.search(name, { vector: shopQuery, limit: 1, filter: bad }),
          'INVALID_ARGUMENT',
        );
        await assertRejectsWithCode(
          context.store.upsert(name, [{ id: 'x', vector: shopQuery, payload: { __point_id: 'y' } }]),
          'INVALID_ARGUMENT',
        );
        await assertRejectsWithCode(context.store.search(name, { vector: shopQuery, limit: 0 }), 'INVALID_ARGUMENT');
      }));
  });
}
