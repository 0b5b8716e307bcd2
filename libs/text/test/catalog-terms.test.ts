import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { catalogTermsOf } from '../src/index.js';

test('catalog terms of an item: trimmed brand, categories and attribute values, too-short ones left out', () => {
  assert.deepEqual(
    catalogTermsOf({
      brand: ' 星河纪 ',
      categoryPath: ['美妆', '', '散粉'],
      attributes: { 色号: '自然色', 尺码: 'S', 功效: ' 控油' },
    }),
    { brands: ['星河纪'], categories: ['美妆', '散粉'], attributeValues: { 色号: ['自然色'], 功效: ['控油'] } },
  );
  assert.deepEqual(catalogTermsOf({}), { brands: [], categories: [], attributeValues: {} });
});
