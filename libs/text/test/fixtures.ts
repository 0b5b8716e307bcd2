import type { EntityDictionary } from '../src/index.js';

/** A small catalog in the shape the preprocessor builds from item_upsert events. */
export const catalog: EntityDictionary = {
  brands: ['Apple', '华为', '小米', '花西子', '雅詩蘭黛', 'SK-II', '三只松鼠', 'Nike', '完美日记'],
  categories: ['手机', '手机壳', '耳机', '散粉', '精华液', '坚果', 'phone case', 'running shoes', '运动鞋'],
  attributeValues: {
    color: ['黑色', '白色', 'Space Gray', '午夜蓝'],
    storage: ['128GB', '256GB', '512GB'],
    capacity: ['500ml', '50ml'],
    size: ['42码', 'XL'],
  },
};
