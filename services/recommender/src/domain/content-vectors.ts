import { catalogTokens, hashedVector } from '@demand/recommend';

/** Below this share of the catalog with an encoder vector, every item keeps its hashed vector. */
export const MIN_ENCODED_SHARE = 0.5;

export interface CatalogFields {
  id: string;
  category: readonly string[];
  brand: string;
  price: number;
  attributes?: Record<string, string>;
}

/**
 * Content vectors for the catalog: the encoder's where the vector store has them for most of the
 * catalog (an item not embedded yet gets a hashed vector of the same length, so it is still
 * recommendable by its category and brand), otherwise hashed from the catalog fields for all.
 */
export function contentVectors(
  items: readonly CatalogFields[],
  encoded: ReadonlyMap<string, Float32Array>,
): { vectors: Float32Array[]; source: 'encoder' | 'hashed'; encoded: number } {
  const lengths = new Map<number, number>();
  for (const v of encoded.values()) lengths.set(v.length, (lengths.get(v.length) ?? 0) + 1);
  const [dims = 0, count = 0] = [...lengths].sort((a, b) => b[1] - a[1])[0] ?? [];
  const hashed = (item: CatalogFields, length?: number) => hashedVector(catalogTokens(item), length);
  if (items.length === 0 || count < MIN_ENCODED_SHARE * items.length)
    return { vectors: items.map((item) => hashed(item)), source: 'hashed', encoded: 0 };
  let used = 0;
  const vectors = items.map((item) => {
    const v = encoded.get(item.id);
    if (v?.length !== dims) return hashed(item, dims);
    used++;
    return v;
  });
  return { vectors, source: 'encoder', encoded: used };
}
