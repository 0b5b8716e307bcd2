import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ItemInfo } from '@demand/recommend';
import { ColdList } from '../src/domain/cold-list.js';

const item = (id: string, category: string[], price: number, stock = 3): ItemInfo => ({
  id,
  title: id,
  category,
  brand: 'b',
  price,
  stock,
});

describe('cold list', () => {
  const items = [
    item('nuts', ['Food', 'Snacks'], 5),
    item('chips', ['Food', 'Snacks'], 50),
    item('kettle', ['Home', 'Kitchen'], 20),
    item('gone', ['Food', 'Snacks'], 5, 0),
  ];
  const cold = ColdList.build(items, [
    { user: 'u', item: 'kettle', kind: 'purchase', at: 1 },
    { user: 'u', item: 'chips', kind: 'view', at: 2 },
  ]);

  it('ranks by engagement, then untouched items, leaving out items out of stock', () => {
    assert.deepEqual(
      cold.top(10, {}).map((r) => r.id),
      ['kettle', 'chips', 'nuts'],
    );
  });

  it('applies category and price filters', () => {
    assert.deepEqual(
      cold.top(10, { categories: ['Food'] }).map((r) => r.id),
      ['chips', 'nuts'],
    );
    assert.deepEqual(
      cold.top(10, { categories: ['Food/Snacks'], maxPrice: 10 }).map((r) => r.id),
      ['nuts'],
    );
    assert.deepEqual(
      cold.top(10, { categories: ['Foo'] }).map((r) => r.id),
      [],
    );
  });
});
