import type { ItemUpsert } from '@demand/contracts';

/** Catalog terms for the text cleaner: brands, category names, attribute values by attribute. */
export interface CatalogTerms {
  brands: string[];
  categories: string[];
  attributeValues: Record<string, string[]>;
}

/** What the preprocessor remembers of an item. */
export interface KnownItem {
  itemId: string;
  /** Catalog price in the base currency. */
  price: number;
  brand: string;
  categoryPath: readonly string[];
  attributes: Readonly<Record<string, string>>;
}

/** Terms shorter than this are not learned ("S", "M" would match every stray letter). */
const MIN_TERM_LENGTH = 2;

/**
 * The items seen in item_upsert events, built from the stream (and a snapshot at start-up):
 * which item ids exist, their price, and the catalog's vocabulary for segmentation and entities.
 */
export class CatalogView {
  private readonly items = new Map<string, KnownItem>();
  private readonly termIds = new Set<string>();

  has(itemId: string): boolean {
    return this.items.has(itemId);
  }

  priceOf(itemId: string): number | undefined {
    return this.items.get(itemId)?.price;
  }

  get size(): number {
    return this.items.size;
  }

  /** Remembers an item (its price already in the base currency); returns the terms not known before. */
  learn(item: KnownItem): CatalogTerms {
    this.items.set(item.itemId, item);
    const fresh: CatalogTerms = { brands: [], categories: [], attributeValues: {} };
    const isNew = (kind: string, term: string) => {
      const id = `${kind}\u0000${term}`;
      if (term.trim().length < MIN_TERM_LENGTH || this.termIds.has(id)) return false;
      this.termIds.add(id);
      return true;
    };
    if (isNew('brand', item.brand)) fresh.brands.push(item.brand);
    for (const category of item.categoryPath) if (isNew('category', category)) fresh.categories.push(category);
    for (const [attribute, value] of Object.entries(item.attributes)) {
      if (isNew(`attribute:${attribute}`, value)) (fresh.attributeValues[attribute] ??= []).push(value);
    }
    return fresh;
  }
}

export function knownItemOf(item: ItemUpsert): KnownItem {
  return {
    itemId: item.itemId,
    price: item.price,
    brand: item.brand,
    categoryPath: item.categoryPath,
    attributes: item.attributes,
  };
}

export function hasTerms(terms: CatalogTerms): boolean {
  return terms.brands.length > 0 || terms.categories.length > 0 || Object.keys(terms.attributeValues).length > 0;
}
