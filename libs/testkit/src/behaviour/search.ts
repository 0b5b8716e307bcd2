import type { SimItem } from '../catalog/catalog-types.js';
import type { Random } from '../random/random.js';
import { ATTRIBUTES } from '../vocab/attributes.js';
import type { LeafCategorySpec } from '../vocab/categories.js';

export type SearchIntentKind = 'category' | 'brand' | 'attribute' | 'price_cap';
export type TextLanguage = 'zh' | 'en';

/** The hidden need behind a query and the catalog items that satisfy it. */
export interface SearchIntent {
  key: string;
  kind: SearchIntentKind;
  categoryPath: string[];
  brand?: string;
  attribute?: { key: string; value: string };
  maxPrice?: number;
  /** Items that satisfy the intent, in the shop's ranking (most popular first). */
  itemIds: string[];
}

export interface GeneratedQuery {
  query: string;
  language: TextLanguage;
  intent: SearchIntent;
  results: readonly SimItem[];
}

const PRICE_CAPS = [50, 100, 200, 300, 500, 1000, 2000, 3000, 5000, 10000, 20000];

const ZH: Record<SearchIntentKind, readonly string[]> = {
  category: [
    '{leaf}',
    '{leaf}推荐',
    '{leaf}哪个牌子好',
    '好用的{leaf}',
    '{leaf} 性价比高',
    '学生党{leaf}',
    '{leaf}新款',
    '{mid} {leaf}',
  ],
  brand: ['{brand}{leaf}', '{brand} {leaf}', '{brand}官方旗舰店 {leaf}', '{brandEn} {leaf}'],
  attribute: ['{value}{leaf}', '{value} {leaf}', '{leaf} {value}', '{leaf}{value}的'],
  price_cap: ['{leaf} {cap}元以内', '{cap}以下的{leaf}', '便宜的{leaf} {cap}以内'],
};

const EN: Record<SearchIntentKind, readonly string[]> = {
  category: ['{leafEn}', 'best {leafEn}', '{leafEn} recommendation', 'new {leafEn}'],
  brand: ['{brandEn} {leafEn}', '{brandEn} official {leafEn}'],
  attribute: ['{valueEn} {leafEn}', '{leafEn} {valueEn}'],
  price_cap: ['{leafEn} under {cap}', 'cheap {leafEn} below {cap} yuan'],
};

function fill(template: string, words: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => words[name] ?? '');
}

/** Turns a target item into a query a shopper would type, and knows which items answer it. */
export class SearchIndex {
  private readonly byLeaf = new Map<LeafCategorySpec, SimItem[]>();
  private readonly intents = new Map<string, { intent: SearchIntent; results: SimItem[] }>();

  constructor(items: readonly SimItem[]) {
    for (const item of items) {
      const list = this.byLeaf.get(item.leaf) ?? [];
      list.push(item);
      this.byLeaf.set(item.leaf, list);
    }
    for (const list of this.byLeaf.values())
      list.sort((a, b) => b.truth.popularity - a.truth.popularity || a.index - b.index);
  }

  queryFor(target: SimItem, englishShare: number, random: Random): GeneratedQuery {
    const language: TextLanguage = random.chance(englishShare) ? 'en' : 'zh';
    const searchable = target.attributes.filter((a) => ATTRIBUTES[a.id].title !== 'none');
    const kinds: SearchIntentKind[] = ['category', 'category', 'brand', 'price_cap'];
    if (searchable.length > 0) kinds.push('attribute', 'attribute');
    const kind = random.pick(kinds);
    const attribute = kind === 'attribute' ? random.pick(searchable) : undefined;
    const cap = PRICE_CAPS.find((c) => c >= target.item.price) ?? PRICE_CAPS[PRICE_CAPS.length - 1]!;
    const words = {
      leaf: target.leaf.leaf[0],
      leafEn: target.leaf.leaf[1].toLowerCase(),
      mid: target.leaf.mid[0],
      brand: target.brand.name[0],
      brandEn: target.brand.name[1],
      value: attribute?.value[0] ?? '',
      valueEn: attribute?.value[1].toLowerCase() ?? '',
      cap: String(cap),
    };
    const query = fill(random.pick((language === 'en' ? EN : ZH)[kind]), words);
    const found = this.intentFor(
      target,
      kind,
      attribute ? { key: ATTRIBUTES[attribute.id].key, value: attribute.value[0] } : undefined,
      cap,
    );
    return { query, language, intent: found.intent, results: found.results };
  }

  private intentFor(
    target: SimItem,
    kind: SearchIntentKind,
    attribute: { key: string; value: string } | undefined,
    cap: number,
  ) {
    const path = target.item.categoryPath;
    const qualifiers: Record<SearchIntentKind, string> = {
      category: '',
      brand: target.item.brand,
      attribute: attribute ? `${attribute.key}=${attribute.value}` : '',
      price_cap: String(cap),
    };
    const qualifier = qualifiers[kind];
    const key = `${kind}:${path.join('/')}${qualifier ? `:${qualifier}` : ''}`;
    let found = this.intents.get(key);
    if (found) return found;
    const matches = (item: SimItem): boolean => {
      if (kind === 'brand') return item.item.brand === target.item.brand;
      if (kind === 'attribute') return item.item.attributes[attribute!.key] === attribute!.value;
      if (kind === 'price_cap') return item.item.price <= cap;
      return true;
    };
    const results = this.byLeaf.get(target.leaf)!.filter(matches);
    const intent: SearchIntent = {
      key,
      kind,
      categoryPath: [...path],
      itemIds: results.map((i) => i.item.itemId),
      ...(kind === 'brand' ? { brand: target.item.brand } : {}),
      ...(attribute ? { attribute } : {}),
      ...(kind === 'price_cap' ? { maxPrice: cap } : {}),
    };
    found = { intent, results };
    this.intents.set(key, found);
    return found;
  }
}
