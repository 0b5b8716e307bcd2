export type EntityKind = 'brand' | 'category' | 'attribute' | 'price' | 'quantity';

export interface Entity {
  kind: EntityKind;
  /** The text as it appears in the input: `text.slice(start, end)`. */
  value: string;
  /**
   * Canonical form: the dictionary entry for brand/category/attribute; "199", "100-200",
   * "<=200", ">=200" or "~200" for prices; "500 ml", "2 件" for quantities.
   */
  normalized?: string;
  /** UTF-16 offsets into the text given to `extract`. */
  start: number;
  end: number;
  /** Attribute name for kind 'attribute' (e.g. "color"). */
  attribute?: string;
  /** Point value of a price or quantity ("199元" → 199, "两瓶" → 2). */
  amount?: number;
  /** Price range bounds: "100到200元" → 100/200, "under 200" → max 200, "200以上" → min 200. */
  min?: number;
  max?: number;
  /** ISO 4217 code when the text names a currency ("元", "¥", "$"). */
  currency?: string;
  /** Canonical quantity unit: "ml", "kg", "pcs", "件", "瓶"… */
  unit?: string;
  /** "around 200", "200左右", "三千多" */
  approximate?: boolean;
}

export interface EntityDictionary {
  brands: readonly string[];
  categories: readonly string[];
  /** Attribute name → its values, e.g. { color: ['黑色', 'Space Gray'], storage: ['128GB'] }. */
  attributeValues: Readonly<Record<string, readonly string[]>>;
}
