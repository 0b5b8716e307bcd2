import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { pointUuid, VectorStoreError, type Filter } from '../src/index.js';
import { matchesFilter, valuesAt } from '../src/embedded/payload-filter.js';
import { checkDeleteFilter, checkPoints, normalizeFilter } from '../src/validation.js';

test('pointUuid maps any string to the same RFC 4122 version-5 UUID every time', () => {
  const uuid = pointUuid('item-1');
  assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(pointUuid('item-1'), uuid);
  assert.notEqual(pointUuid('item-2'), uuid);
  assert.notEqual(pointUuid('商品'), pointUuid('商品 '));
});

test('payload paths walk objects, `[]` walks arrays, and leaf arrays are flattened', () => {
  const payload = { a: { b: 1 }, tags: ['x', 'y'], offers: [{ price: 3 }, { price: 7 }], list: [{ b: 2 }] };
  assert.deepEqual(valuesAt(payload, 'a.b'), [1]);
  assert.deepEqual(valuesAt(payload, 'tags'), ['x', 'y']);
  assert.deepEqual(valuesAt(payload, 'offers[].price'), [3, 7]);
  assert.deepEqual(valuesAt(payload, 'list.b'), []);
  assert.deepEqual(valuesAt(payload, 'missing.b'), []);
});

test('filters combine like Qdrant: must all, should any (when non-empty), must_not none', () => {
  const payload = { kind: 'shoe', size: 42, offers: [{ price: 30 }, { price: 90 }] };
  const check = (filter: Filter) => matchesFilter(normalizeFilter(filter), payload);
  assert.equal(check({}), true);
  assert.equal(check({ should: [] }), true);
  assert.equal(
    check({
      must: [
        { key: 'kind', match: { value: 'shoe' } },
        { key: 'size', range: { gte: 42 } },
      ],
    }),
    true,
  );
  assert.equal(
    check({
      should: [
        { key: 'kind', match: { value: 'hat' } },
        { key: 'size', match: { any: [41, 42] } },
      ],
    }),
    true,
  );
  assert.equal(check({ should: [{ key: 'kind', match: { value: 'hat' } }] }), false);
  assert.equal(check({ must: [{ key: 'offers[].price', range: { gt: 80 } }] }), true);
  assert.equal(check({ must_not: [{ key: 'absent', match: { value: 'x' } }] }), true);
  assert.equal(check({ must: [{ must_not: [{ key: 'kind', match: { value: 'shoe' } }] }] }), false);
  assert.equal(check({ must: [{ key: 'size', match: { value: '42' } }] }), false);
});

test('malformed filters and points are INVALID_ARGUMENT', () => {
  const invalid = (fn: () => unknown) =>
    assert.throws(fn, (e: unknown) => e instanceof VectorStoreError && e.code === 'INVALID_ARGUMENT');
  invalid(() => normalizeFilter({ must: [{ key: 'a' }] } as unknown as Filter));
  invalid(() => normalizeFilter({ must: [{ key: 'a', match: { value: 1.5 } }] }));
  invalid(() => normalizeFilter({ must: [{ key: 'a', match: { any: ['x', 1] } }] } as unknown as Filter));
  invalid(() => normalizeFilter({ must: [{ key: 'a', range: { gt: Number.NaN } }] }));
  invalid(() => normalizeFilter({ filter: [] } as unknown as Filter));
  invalid(() => checkDeleteFilter({ must: [], should: [] }));
  invalid(() => checkPoints([{ id: '', vector: [1], payload: {} }]));
  invalid(() => checkPoints([{ id: 'a', vector: [Number.POSITIVE_INFINITY], payload: {} }]));
  invalid(() => checkPoints([{ id: 'a', vector: [1], payload: [] as unknown as Record<string, unknown> }]));
});

test('a batch with one id twice keeps the last point', () => {
  const kept = checkPoints([
    { id: 'a', vector: [1], payload: { v: 1 } },
    { id: 'b', vector: [1], payload: {} },
    { id: 'a', vector: [1], payload: { v: 2 } },
  ]);
  assert.deepEqual(
    kept.map((p) => [p.id, p.payload]),
    [
      ['b', {}],
      ['a', { v: 2 }],
    ],
  );
});
