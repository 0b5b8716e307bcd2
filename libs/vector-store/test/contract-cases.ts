import type { Filter, PointInput } from '../src/index.js';

/** Six shop items in 4 dimensions; against `shopQuery` they rank item-1 > 2 > 3 > 4 > (5, 6 tied at 0). */
export function shopItems(): PointInput[] {
  return [
    {
      id: 'item-1',
      vector: [1, 0, 0, 0],
      payload: {
        category: 'shoes',
        brand: 'acme',
        price: 30,
        tags: ['sale', 'new'],
        in_stock: true,
        meta: { color: 'red' },
      },
    },
    {
      id: 'item-2',
      vector: [0.9, 0.1, 0, 0],
      payload: {
        category: 'shoes',
        brand: 'zenith',
        price: 80,
        tags: ['new'],
        in_stock: false,
        meta: { color: 'blue' },
      },
    },
    {
      id: 'item-3',
      vector: [0.7, 0.3, 0, 0],
      payload: { category: 'bags', brand: 'acme', price: 55, tags: [], in_stock: true, meta: { color: 'red' } },
    },
    {
      id: 'item-4',
      vector: [0.5, 0.5, 0.2, 0],
      payload: { category: 'bags', brand: 'nova', price: 120, in_stock: true },
    },
    {
      id: 'item-5',
      vector: [0, 1, 0, 0],
      payload: {
        category: 'hats',
        brand: 'nova',
        price: 15.5,
        tags: ['sale'],
        in_stock: false,
        meta: { color: 'green' },
      },
    },
    {
      id: 'item-6',
      vector: [0, 0, 1, 0],
      payload: {
        category: 'hats',
        brand: 'acme',
        price: 99,
        tags: ['limited'],
        in_stock: true,
        meta: { color: 'blue' },
      },
    },
  ];
}

export const shopQuery = [1, 0, 0, 0];

export const filterCases: { title: string; filter: Filter; expected: string[] }[] = [
  {
    title: 'must match keyword',
    filter: { must: [{ key: 'category', match: { value: 'shoes' } }] },
    expected: ['item-1', 'item-2'],
  },
  {
    title: 'must_not',
    filter: { must_not: [{ key: 'brand', match: { value: 'acme' } }] },
    expected: ['item-2', 'item-4', 'item-5'],
  },
  {
    title: 'should is at least one',
    filter: {
      should: [
        { key: 'category', match: { value: 'hats' } },
        { key: 'brand', match: { value: 'zenith' } },
      ],
    },
    expected: ['item-2', 'item-5', 'item-6'],
  },
  {
    title: 'match any',
    filter: { must: [{ key: 'brand', match: { any: ['nova', 'zenith'] } }] },
    expected: ['item-2', 'item-4', 'item-5'],
  },
  {
    title: 'range gte/lt',
    filter: { must: [{ key: 'price', range: { gte: 55, lt: 100 } }] },
    expected: ['item-2', 'item-3', 'item-6'],
  },
  {
    title: 'range gt/lte with floats',
    filter: { must: [{ key: 'price', range: { gt: 15, lte: 30 } }] },
    expected: ['item-1', 'item-5'],
  },
  {
    title: 'array field matches any element',
    filter: { must: [{ key: 'tags', match: { value: 'sale' } }] },
    expected: ['item-1', 'item-5'],
  },
  {
    title: 'match any on an array field',
    filter: { must: [{ key: 'tags', match: { any: ['limited', 'new'] } }] },
    expected: ['item-1', 'item-2', 'item-6'],
  },
  {
    title: 'nested key',
    filter: { must: [{ key: 'meta.color', match: { value: 'red' } }] },
    expected: ['item-1', 'item-3'],
  },
  {
    title: 'boolean',
    filter: { must: [{ key: 'in_stock', match: { value: true } }] },
    expected: ['item-1', 'item-3', 'item-4', 'item-6'],
  },
  {
    title: 'must_not keeps points missing the field',
    filter: { must_not: [{ key: 'tags', match: { value: 'sale' } }] },
    expected: ['item-2', 'item-3', 'item-4', 'item-6'],
  },
  {
    title: 'nested filter',
    filter: {
      must: [
        { key: 'in_stock', match: { value: true } },
        {
          should: [
            { key: 'category', match: { value: 'bags' } },
            { key: 'meta.color', match: { value: 'blue' } },
          ],
        },
      ],
    },
    expected: ['item-3', 'item-4', 'item-6'],
  },
  {
    title: 'must + should + must_not together',
    filter: {
      must: [{ key: 'category', match: { any: ['shoes', 'bags'] } }],
      should: [
        { key: 'tags', match: { value: 'sale' } },
        { key: 'price', range: { gt: 100 } },
      ],
      must_not: [{ key: 'brand', match: { value: 'zenith' } }],
    },
    expected: ['item-1', 'item-4'],
  },
  {
    title: 'an empty should list is no constraint',
    filter: { must: [{ key: 'category', match: { value: 'shoes' } }], should: [] },
    expected: ['item-1', 'item-2'],
  },
  { title: 'nothing matches', filter: { must: [{ key: 'category', match: { value: 'socks' } }] }, expected: [] },
];
