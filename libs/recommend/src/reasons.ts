import type { Dataset } from './dataset.js';

/** An item's title in quotes, for reasons. */
export function quoted(data: Dataset, item: number): string {
  return `“${data.items[item]?.title ?? '?'}”`;
}

export function leafName(data: Dataset, item: number): string {
  return data.items[item]?.category.at(-1) ?? 'this category';
}

export function segmentName(data: Dataset, segment: number): string {
  return data.topNames[segment] ?? 'your segment';
}
