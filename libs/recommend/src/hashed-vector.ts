/**
 * A content vector from weighted tokens (category path, brand, attributes…), each token hashed
 * to a fixed pseudo-random direction: a stand-in for text-encoder vectors where none exist yet.
 */
export function hashedVector(tokens: readonly { token: string; weight: number }[], dims = 64): Float32Array {
  const v = new Float32Array(dims);
  for (const { token, weight } of tokens) {
    let h = 2166136261;
    for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 16777619);
    let state = h >>> 0 || 1;
    for (let d = 0; d < dims; d++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      v[d] = v[d]! + weight * ((state >>> 0) / 4294967296 - 0.5);
    }
  }
  return v;
}

/** The catalog fields of an item as weighted tokens for hashedVector. */
export function catalogTokens(item: {
  category: readonly string[];
  brand: string;
  price: number;
  attributes?: Record<string, string>;
}): { token: string; weight: number }[] {
  const [top, mid] = item.category;
  return [
    { token: `top:${top}`, weight: 0.8 },
    { token: `mid:${mid}`, weight: 0.8 },
    { token: `leaf:${item.category.join('/')}`, weight: 1.2 },
    { token: `brand:${item.brand}`, weight: 0.5 },
    ...Object.entries(item.attributes ?? {}).map(([k, value]) => ({ token: `attr:${k}=${value}`, weight: 0.2 })),
    { token: `price:${Math.round(Math.log(Math.max(item.price, 0.01)) * 2)}`, weight: 0.3 },
  ];
}
