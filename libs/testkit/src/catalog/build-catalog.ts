import type { Random } from '../random/random.js';
import { jitter, normalize, randomUnitVector, type Vector } from '../random/vectors.js';
import { ATTRIBUTES } from '../vocab/attributes.js';
import { CATEGORIES, type BrandTier, type LeafCategorySpec, type TopCategorySpec } from '../vocab/categories.js';
import type { CatalogItem, SimItem } from './catalog-types.js';
import { chineseTitle, description, englishTitle } from './item-text.js';

const TIER_PRICE: Record<BrandTier, number> = { budget: 0.75, mid: 1, premium: 1.5 };
const TIER_QUALITY: Record<BrandTier, number> = { budget: -0.07, mid: 0, premium: 0.07 };

/** Where each category sits in the hidden taste space. */
export interface TasteSpace {
  dims: number;
  topCentroids: ReadonlyMap<string, Vector>;
  leafCentroids: ReadonlyMap<LeafCategorySpec, Vector>;
  tierDirections: Readonly<Record<BrandTier, Vector>>;
}

export function buildTasteSpace(random: Random, dims: number): TasteSpace {
  const normal = () => random.normal();
  const topCentroids = new Map<string, Vector>();
  const leafCentroids = new Map<LeafCategorySpec, Vector>();
  for (const top of CATEGORIES) {
    const centroid = randomUnitVector(dims, normal);
    topCentroids.set(top.key, centroid);
    for (const leaf of top.leaves) leafCentroids.set(leaf, normalize(jitter(centroid, 0.35, normal)));
  }
  const tierDirections = {
    budget: randomUnitVector(dims, normal),
    mid: new Float64Array(dims),
    premium: randomUnitVector(dims, normal),
  };
  return { dims, topCentroids, leafCentroids, tierDirections };
}

/** Round to the prices shops actually use: 38.9, 199, 1299. */
export function shopPrice(raw: number): number {
  if (raw >= 100) return Math.max(99, Math.round(raw / 10) * 10 - 1);
  return Math.max(0.9, (Math.round(raw) * 10 - 1) / 10);
}

function itemId(index: number): string {
  return `i-${String(index + 1).padStart(5, '0')}`;
}

/** Leaves in a shuffled round-robin first, so every leaf has items once there are enough. */
function leafFor(index: number, order: readonly [TopCategorySpec, LeafCategorySpec][], random: Random) {
  return index < order.length ? order[index]! : random.pick(order);
}

function buildItem(
  index: number,
  top: TopCategorySpec,
  leaf: LeafCategorySpec,
  space: TasteSpace,
  random: Random,
): SimItem {
  const brand = random.pick(top.brands);
  const attributes = leaf.attributes.map((id) => ({
    id,
    value: random.pick(leaf.values?.[id] ?? ATTRIBUTES[id].values),
  }));
  const words = { brand, leaf, attributes };
  const [lo, hi] = leaf.price;
  const median = Math.sqrt(lo * hi);
  const price = shopPrice(Math.exp(random.between(Math.log(lo), Math.log(hi))) * TIER_PRICE[brand.tier]);
  const latent = normalize(jitter(space.leafCentroids.get(leaf)!, 0.3, () => random.normal()));
  const tier = space.tierDirections[brand.tier];
  for (let d = 0; d < latent.length; d++) latent[d] = latent[d]! + 0.25 * tier[d]!;
  normalize(latent);
  const id = itemId(index);
  const item: CatalogItem = {
    itemId: id,
    title: chineseTitle(words),
    localizedTitles: { en: englishTitle(words) },
    description: description(words, random),
    brand: brand.name[0],
    brandEn: brand.name[1],
    categoryPath: [top.name[0], leaf.mid[0], leaf.leaf[0]],
    categoryPathEn: [top.name[1], leaf.mid[1], leaf.leaf[1]],
    topCategory: top.key,
    price,
    currency: 'CNY',
    attributes: Object.fromEntries(attributes.map((a) => [ATTRIBUTES[a.id].key, a.value[0]])),
    stock: random.int(20, 2000),
  };
  const quality = Math.min(0.98, Math.max(0.05, 0.66 + 0.16 * random.normal() + TIER_QUALITY[brand.tier]));
  const truth = {
    itemId: id,
    latent: Array.from(latent),
    popularity: random.logNormal(-0.32, 0.8),
    quality,
    trend: Math.max(-0.03, Math.min(0.03, 0.008 * random.normal())),
    brandTier: brand.tier,
  };
  return { index, item, truth, latent, top, leaf, brand, attributes, relativePrice: Math.log(price / median) };
}

export function buildCatalog(random: Random, count: number, space: TasteSpace): SimItem[] {
  const order = random.sample(
    CATEGORIES.flatMap((top) => top.leaves.map((leaf) => [top, leaf] as [TopCategorySpec, LeafCategorySpec])),
    Number.MAX_SAFE_INTEGER,
  );
  const items: SimItem[] = [];
  for (let i = 0; i < count; i++) {
    const [top, leaf] = leafFor(i, order, random);
    items.push(buildItem(i, top, leaf, space, random));
  }
  return items;
}
