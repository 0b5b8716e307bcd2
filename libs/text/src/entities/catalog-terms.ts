import type { EntityDictionary } from './types.js';

/** Terms shorter than this are not learned ("S", "M" would match every stray letter). */
export const MIN_CATALOG_TERM_LENGTH = 2;

/** The fields of a catalog item that carry terms (a `demand.v1.ItemUpsert` has them all). */
export interface ItemWithTerms {
  readonly brand?: string;
  readonly categoryPath?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Catalog terms as lists a service can extend: brands, category names, attribute values by attribute. */
export interface CatalogTermLists extends EntityDictionary {
  brands: string[];
  categories: string[];
  attributeValues: Record<string, string[]>;
}

/**
 * An item's catalog terms, trimmed and without too-short ones: what segmentation (the
 * preprocessor's dictionary) and entity extraction (the embedder's) learn from the catalog.
 */
export function catalogTermsOf(item: ItemWithTerms): CatalogTermLists {
  const term = (text: string | undefined) => {
    const trimmed = text?.trim() ?? '';
    return trimmed.length >= MIN_CATALOG_TERM_LENGTH ? trimmed : undefined;
  };
  const terms: CatalogTermLists = { brands: [], categories: [], attributeValues: {} };
  const brand = term(item.brand);
  if (brand) terms.brands.push(brand);
  for (const category of item.categoryPath ?? []) {
    const name = term(category);
    if (name) terms.categories.push(name);
  }
  for (const [attribute, value] of Object.entries(item.attributes ?? {})) {
    const kept = term(value);
    if (kept) (terms.attributeValues[attribute] ??= []).push(kept);
  }
  return terms;
}
