import { catalogTermsOf, type EntityDictionary, type ItemWithTerms } from '@demand/text';

/** The catalog's vocabulary as the entity extractor wants it, as plain JSON. */
export interface CatalogTermsSnapshot {
  brands: string[];
  categories: string[];
  /** Attribute name → its values, e.g. { 颜色: ['红色', '黑色'] }. */
  attributeValues: Record<string, string[]>;
}

/**
 * Brands, category names and attribute values of the items seen so far, for finding them in
 * texts (Analyze's entities). Grows only; `version` changes whenever a term is added.
 */
export class CatalogTerms {
  private readonly brands = new Set<string>();
  private readonly categories = new Set<string>();
  private readonly attributeValues = new Map<string, Set<string>>();
  private revision = 0;

  /** Adds saved terms (at start-up); returns true when something was new. */
  addSnapshot(snapshot: CatalogTermsSnapshot): boolean {
    return this.addAll(snapshot.brands, snapshot.categories, snapshot.attributeValues);
  }

  get version(): number {
    return this.revision;
  }

  /** Adds an item's terms; returns true when something was new. */
  addItem(item: ItemWithTerms): boolean {
    const terms = catalogTermsOf(item);
    return this.addAll(terms.brands, terms.categories, terms.attributeValues);
  }

  dictionary(): EntityDictionary {
    return this.snapshot();
  }

  snapshot(): CatalogTermsSnapshot {
    return {
      brands: [...this.brands].sort(),
      categories: [...this.categories].sort(),
      attributeValues: Object.fromEntries(
        [...this.attributeValues].map(([name, values]) => [name, [...values].sort()]),
      ),
    };
  }

  private addAll(
    brands: readonly string[],
    categories: readonly string[],
    attributeValues: Record<string, readonly string[]>,
  ): boolean {
    const before = this.size();
    for (const brand of brands) if (brand.trim()) this.brands.add(brand.trim());
    for (const category of categories) if (category.trim()) this.categories.add(category.trim());
    for (const [name, values] of Object.entries(attributeValues)) {
      const set = this.attributeValues.get(name) ?? new Set<string>();
      for (const value of values) if (value.trim()) set.add(value.trim());
      if (set.size > 0) this.attributeValues.set(name, set);
    }
    const grew = this.size() !== before;
    if (grew) this.revision++;
    return grew;
  }

  private size(): number {
    let values = 0;
    for (const set of this.attributeValues.values()) values += set.size;
    return this.brands.size + this.categories.size + values;
  }
}
