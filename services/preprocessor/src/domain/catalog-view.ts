import type { ItemUpsert } from '@demand/contracts';
import { type CatalogTermLists, catalogTermsOf } from '@demand/text';

/** Catalog terms for the text cleaner: brands, category names, attribute values by attribute. */
export type CatalogTerms = CatalogTermLists;

/** What the preprocessor remembers of an item. */
export interface KnownItem {
  itemId: string;
  /** Catalog price in the base currency. */
  price: number;
  brand: string;
  categoryPath: readonly string[];
  attributes: Readonly<Record<string, string>>;
}

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
    const terms = catalogTermsOf(item);
    const isNew = (kind: string, term: string) => {
      const id = `${kind}\u0000${term}`;
      if (this.termIds.has(id)) return false;
      this.termIds.add(id);
      return true;
    };
    const fresh: CatalogTerms = {
      brands: terms.brands.filter((brand) => isNew('brand', brand)),
      categories: terms.categories.filter((category) => isNew('category', category)),
      attributeValues: {},
    };
    for (const [attribute, values] of Object.entries(terms.attributeValues)) {
      const unseen = values.filter((value) => isNew(`attribute:${attribute}`, value));
      if (unseen.length > 0) fresh.attributeValues[attribute] = unseen;
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
