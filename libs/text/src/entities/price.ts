import { AMOUNT, NUMBER_START, parseAmount, round } from './numbers.js';
import type { Entity } from './types.js';

/**
 * Price expressions in folded text: "199元", "¥1,299", "两百块", "3.5k", "under 200",
 * "100到200元", "200以下", "预算5k", "三千多块", "between $50 and $100".
 * "只要199", "到手价2999". A number without a currency mark only counts as a price next to a
 * bound or price word ("under", "以内", "只要") or, for k/w shorthands, with a decimal or a
 * price word nearby, so "4k电视", "超过3天" and "over 200 reviews" are not prices.
 */

const CURRENCY_PREFIX = String.raw`(?:us\$|hk\$|nt\$|¥|\$|€|£|rmb|cny|usd)`;
const CURRENCY_SUFFIX = String.raw`(?:块钱|块|元|圆|人民币|美元|美金|欧元|毛钱|毛|角|rmb|cny|usd|dollars?|bucks)`;
const SEPARATOR = String.raw`(?<sep>\s?(?:-|~|～|—|–|到|至)\s?|\s+to\s+|\s+and\s+)`;
const UPPER_WORDS = String.raw`under|below|less than|cheaper than|no more than|not more than|at most|up to|max|within|不超过|不高于|不到|低于|少于|小于|最多|预算|budget`;
const LOWER_WORDS = String.raw`over|above|more than|at least|min|不低于|高于|超过|大于|至少|最少`;
const ABOUT_WORDS = String.raw`around|about|approx|approximately|roughly|约|大概|大约|差不多`;
const PRICE_WORDS = String.raw`到手价|售价|单价|原价|现价|价格|价位|价|只要|仅需|仅售|price|priced at|costs?|for only`;
const AFTER_WORDS = String.raw`以内|以下|之内|以上|左右|上下|起|之间`;

const priced = (name: string): string =>
  String.raw`(?:(?<${name}Cur>${CURRENCY_PREFIX})\s?)?${NUMBER_START}(?<${name}>${AMOUNT})(?<${name}More>多)?(?:\s?(?<${name}Suf>${CURRENCY_SUFFIX}(?![a-z])))?`;

const RANGE = new RegExp(
  String.raw`(?<between>between\s+)?${priced('a')}${SEPARATOR}${priced('b')}(?:\s?(?<after>${AFTER_WORDS}))?`,
  'g',
);
// `d`: a plain price word ("到手价", "只要") is context, so the entity starts at the amount.
const BOUND = new RegExp(
  String.raw`(?:(?<![a-z])(?<word>${UPPER_WORDS}|${LOWER_WORDS}|${ABOUT_WORDS}|${PRICE_WORDS})\s?[:：]?\s?|(?<tilde>~))${priced('n')}(?:\s?(?<after>${AFTER_WORDS}))?`,
  'gd',
);
const SIMPLE = new RegExp(String.raw`${priced('n')}(?:\s?(?<after>${AFTER_WORDS}))?`, 'g');

const UPPER = new Set(UPPER_WORDS.split('|'));
const LOWER = new Set(LOWER_WORDS.split('|'));
const ABOUT = new Set(ABOUT_WORDS.split('|'));
// What may follow a bare number for it to still be a price: not a unit or a time word.
const NON_PRICE_FOLLOWER = new RegExp(
  String.raw`^(?:[a-z%°]|\s?(?:[天年月日号岁倍次周个人度米克斤升分秒件瓶盒包袋箱支双套台部只条张本片罐桶份杯对副粒颗枚寸层楼]|小时|分钟|星期|公里|毫|厘)` +
    String.raw`|\s+(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|seconds?|times|people|persons?|pcs|pieces?|items?|units?|grams?|g|kg|lbs?|ml|oz|cm|mm|inch(?:es)?|gb|tb|mah|w|watts?|calories|kcal|reviews?|stars?|orders?|%)\b)`,
);
// "4k电视", "2k屏" are resolutions, not prices.
const RESOLUTION_FOLLOWER = /^(?:电视|屏|显示|分辨|高清|画质|视频|蓝光|hdr|tv|uhd|monitor|screen|video)/;
const PRICE_CONTEXT = /价|预算|元|块|budget|price|cost|¥|\$/;

type Groups = Record<string, string | undefined>;

export function findPrices(text: string): Entity[] {
  if (!/[\d零一二两三四五六七八九十百千万半]/.test(text)) return [];
  const found: Entity[] = [];
  for (const match of text.matchAll(RANGE)) {
    const entity = rangeEntity(text, match.index, match[0], match.groups as Groups);
    if (entity) found.push(entity);
  }
  for (const match of text.matchAll(BOUND)) {
    const entity = boundEntity(text, match);
    if (entity) found.push(entity);
  }
  for (const match of text.matchAll(SIMPLE)) {
    const entity = simpleEntity(text, match.index, match[0], match.groups as Groups);
    if (entity) found.push(entity);
  }
  return found;
}

function currencyOf(prefix: string | undefined, suffix: string | undefined): string | undefined {
  const mark = prefix ?? suffix;
  if (mark === undefined) return undefined;
  if (/^(?:us\$|\$|usd|dollars?|bucks|美元|美金)$/.test(mark)) return 'USD';
  if (mark === 'hk$') return 'HKD';
  if (mark === 'nt$') return 'TWD';
  if (mark === '€' || mark === '欧元') return 'EUR';
  if (mark === '£') return 'GBP';
  return 'CNY';
}

function amountOf(groups: Groups, name: string): { value: number; magnitude?: number; shorthand: boolean } | undefined {
  const parsed = parseAmount(groups[name] ?? '');
  if (!parsed) return undefined;
  const suffix = groups[`${name}Suf`];
  const tenth = suffix === '毛' || suffix === '毛钱' || suffix === '角';
  return { ...parsed, value: tenth ? round(parsed.value / 10) : parsed.value };
}

function hasCurrency(groups: Groups, ...names: string[]): boolean {
  return names.some((n) => groups[`${n}Cur`] !== undefined || groups[`${n}Suf`] !== undefined);
}

function base(text: string, start: number, raw: string): Pick<Entity, 'kind' | 'value' | 'start' | 'end'> {
  const trimmed = raw.trimEnd();
  return { kind: 'price', value: text.slice(start, start + trimmed.length), start, end: start + trimmed.length };
}

function rangeEntity(text: string, start: number, raw: string, groups: Groups): Entity | undefined {
  const a = amountOf(groups, 'a');
  const b = amountOf(groups, 'b');
  if (!a || !b) return undefined;
  if (/and/.test(groups['sep'] ?? '') && !groups['between']) return undefined;
  if (!hasCurrency(groups, 'a', 'b')) {
    // Without a currency only "1-2万", "3k-5k" or "价位1000-2000" read as prices, not "1-2万人".
    const priceNearby = PRICE_CONTEXT.test(text.slice(Math.max(0, start - 4), start));
    if (b.magnitude === undefined && !priceNearby) return undefined;
    if (NON_PRICE_FOLLOWER.test(text.slice(start + raw.length))) return undefined;
  }
  let min = a.value;
  // "1-2万": the magnitude written once applies to both ends.
  if (a.magnitude === undefined && b.magnitude !== undefined && min < b.value / b.magnitude) {
    min = round(min * b.magnitude);
  }
  if (min > b.value) return undefined;
  const currency = currencyOf(groups['aCur'] ?? groups['bCur'], groups['aSuf'] ?? groups['bSuf']);
  return {
    ...base(text, start, raw),
    normalized: `${min}-${b.value}`,
    min,
    max: b.value,
    ...(currency && { currency }),
  };
}

function boundEntity(text: string, match: RegExpExecArray): Entity | undefined {
  const groups = match.groups as Groups;
  const n = amountOf(groups, 'n');
  if (!n) return undefined;
  const start = match.index;
  const raw = match[0];
  if (!hasCurrency(groups, 'n')) {
    if (NON_PRICE_FOLLOWER.test(text.slice(start + raw.length))) return undefined;
    if (groups['tilde'] && !n.shorthand) return undefined;
  }
  const currency = currencyOf(groups['nCur'], groups['nSuf']);
  const after = groups['after'];
  const shape = after ? shapeOfAfter(after) : shapeOfWord(groups['word']);
  const entity: Entity = {
    ...base(text, start, raw),
    ...priceShape(shape, n.value, groups['nMore'] !== undefined),
    ...(currency && { currency }),
  };
  if (shape === 'exact') {
    // A plain price word ("到手价", "只要") is context: the entity starts at the amount.
    const amountStart = match.indices?.groups?.['nCur']?.[0] ?? match.indices?.groups?.['n']?.[0] ?? start;
    entity.start = amountStart;
    entity.value = text.slice(amountStart, entity.end);
  }
  return entity;
}

function simpleEntity(text: string, start: number, raw: string, groups: Groups): Entity | undefined {
  const n = amountOf(groups, 'n');
  if (!n) return undefined;
  const after = groups['after'];
  const currency = currencyOf(groups['nCur'], groups['nSuf']);
  if (!currency && !bareNumberIsPrice(text, start, raw, groups, n.shorthand)) return undefined;
  const shape = after ? shapeOfAfter(after) : 'exact';
  return {
    ...base(text, start, raw),
    ...priceShape(shape, n.value, groups['nMore'] !== undefined),
    ...(currency && { currency }),
  };
}

/** "3.5k", "预算5k"/"5k左右" (shorthand near price words), "200以下"/"200左右" (digits + bound). */
function bareNumberIsPrice(text: string, start: number, raw: string, groups: Groups, shorthand: boolean): boolean {
  const after = groups['after'];
  if (shorthand) {
    if (after) return true;
    if (RESOLUTION_FOLLOWER.test(text.slice(start + raw.length).trimStart())) return false;
    const nearby = text.slice(Math.max(0, start - 4), start + raw.length + 3);
    return /\.\d/.test(groups['n'] ?? '') || PRICE_CONTEXT.test(nearby);
  }
  const digitsOnly = /^\d/.test(groups['n'] ?? '');
  return digitsOnly && after !== undefined && after !== '起' && after !== '之间' && groups['nMore'] === undefined;
}

type Shape = 'exact' | 'max' | 'min' | 'about';

function shapeOfWord(word: string | undefined): Shape {
  if (word === undefined || ABOUT.has(word)) return 'about'; // undefined: a leading "~"
  if (UPPER.has(word)) return 'max';
  if (LOWER.has(word)) return 'min';
  return 'exact';
}

function shapeOfAfter(after: string): Shape {
  if (after === '以上' || after === '起') return 'min';
  if (after === '左右' || after === '上下') return 'about';
  if (after === '之间') return 'exact';
  return 'max';
}

function priceShape(shape: Shape, value: number, more: boolean): Partial<Entity> {
  if (shape === 'max') return { normalized: `<=${value}`, max: value };
  if (shape === 'min' || more) return { normalized: `>=${value}`, min: value, ...(more && { approximate: true }) };
  if (shape === 'about') return { normalized: `~${value}`, amount: value, approximate: true };
  return { normalized: String(value), amount: value };
}
