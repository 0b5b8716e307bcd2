import type { SearchFilters } from '@demand/contracts';
import type { Condition, Filter } from '@demand/vector-store';
import { invalidArgument } from './embedder-error.js';

const SENTIMENTS = new Set(['negative', 'neutral', 'positive']);
const MAX_VALUES = 100;

/**
 * SemanticSearch filters as a vector-store filter over the payloads the indexer writes: every
 * non-empty field must hold (a list field holds when any of its values matches). Bad values
 * are refused naming the field.
 */
export function toVectorFilter(filters: SearchFilters | undefined): Filter | undefined {
  if (!filters) return undefined;
  const must: Condition[] = [];
  const anyOf = (field: string, key: string, values: readonly string[]): void => {
    const cleaned = values.map((value) => value.trim());
    if (cleaned.length > MAX_VALUES)
      throw invalidArgument(`filters.${field}`, `at most ${MAX_VALUES} values (got ${cleaned.length})`);
    const empty = cleaned.findIndex((value) => value.length === 0);
    if (empty >= 0) throw invalidArgument(`filters.${field}[${empty}]`, 'must not be empty');
    if (cleaned.length > 0) must.push({ key, match: { any: cleaned } });
  };
  anyOf('categories', 'category_path', filters.categories);
  anyOf('brands', 'brand', filters.brands);
  anyOf('languages', 'language', filters.languages);
  anyOf('item_ids', 'item_id', filters.itemIds);
  anyOf('intents', 'intent', filters.intents);
  const unknownSentiment = filters.sentiments.findIndex((s) => !SENTIMENTS.has(s));
  if (unknownSentiment >= 0)
    throw invalidArgument(
      `filters.sentiments[${unknownSentiment}]`,
      `must be negative, neutral or positive (got ${JSON.stringify(filters.sentiments[unknownSentiment])})`,
    );
  anyOf('sentiments', 'sentiment', filters.sentiments);

  const { minPrice, maxPrice, minRating, maxRating } = filters;
  for (const [field, value] of [
    ['min_price', minPrice],
    ['max_price', maxPrice],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw invalidArgument(`filters.${field}`, `must be a number ≥ 0 (got ${value})`);
  }
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
    throw invalidArgument('filters.min_price', `must not exceed max_price (${minPrice} > ${maxPrice})`);
  if (minPrice !== undefined || maxPrice !== undefined)
    must.push({
      key: 'price',
      range: {
        ...(minPrice !== undefined ? { gte: minPrice } : {}),
        ...(maxPrice !== undefined ? { lte: maxPrice } : {}),
      },
    });
  for (const [field, value] of [
    ['min_rating', minRating],
    ['max_rating', maxRating],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 0 && value <= 5))
      throw invalidArgument(`filters.${field}`, `must be 1..5, or 0 for no bound (got ${value})`);
  }
  if (minRating > 0 && maxRating > 0 && minRating > maxRating)
    throw invalidArgument('filters.min_rating', `must not exceed max_rating (${minRating} > ${maxRating})`);
  if (minRating > 0 || maxRating > 0)
    must.push({
      key: 'rating',
      range: { ...(minRating > 0 ? { gte: minRating } : {}), ...(maxRating > 0 ? { lte: maxRating } : {}) },
    });
  return must.length > 0 ? { must } : undefined;
}
