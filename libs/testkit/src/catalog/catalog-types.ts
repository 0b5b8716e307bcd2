import type { Vector } from '../random/vectors.js';
import type { AttributeId, Term } from '../vocab/attributes.js';
import type { BrandSpec, BrandTier, LeafCategorySpec, TopCategoryKey, TopCategorySpec } from '../vocab/categories.js';

/** What the shop shows: everything an item_upsert carries, plus the English twins of its words. */
export interface CatalogItem {
  itemId: string;
  title: string;
  localizedTitles: { en: string };
  description: string;
  brand: string;
  brandEn: string;
  /** Root first, e.g. ["服装", "女装", "连衣裙"]. */
  categoryPath: string[];
  categoryPathEn: string[];
  topCategory: TopCategoryKey;
  /** CNY, list price. */
  price: number;
  currency: 'CNY';
  attributes: Record<string, string>;
  stock: number;
}

/** What only the truth knows about an item. */
export interface ItemTruth {
  itemId: string;
  /** Unit vector in the hidden taste space; a user's affinity is taste · latent. */
  latent: number[];
  /** Base popularity, mean about 1 across the catalog. */
  popularity: number;
  /** 0..1; drives review sentiment and complaints. */
  quality: number;
  /** Daily log-growth of demand (e.g. 0.01 ≈ +1 % a day). */
  trend: number;
  brandTier: BrandTier;
}

/** The generator's working view of an item: catalog, truth and the vocabulary it was built from. */
export interface SimItem {
  index: number;
  item: CatalogItem;
  truth: ItemTruth;
  latent: Vector;
  top: TopCategorySpec;
  leaf: LeafCategorySpec;
  brand: BrandSpec;
  attributes: readonly { id: AttributeId; value: Term }[];
  /** log(price / median price of the leaf category): >0 dear, <0 cheap. */
  relativePrice: number;
}
