import { COUNT, NUMBER_START, parseAmount } from './numbers.js';
import type { Entity } from './types.js';

/**
 * Quantities in folded text: "2件", "两瓶", "3 pcs", "500ml", "1kg", "1.5升", "65w", "半斤".
 * Units map to a canonical spelling; Chinese measure words stay as written ("件", "瓶").
 * Not quantities: ordinals ("第2件"), network generations ("5g手机"), a one-letter unit after
 * a space ("2 g"), or a unit that runs on into a word ("3 months").
 */

const UNIT_ALIASES: Readonly<Record<string, string>> = {
  pcs: 'pcs',
  pc: 'pcs',
  pieces: 'pcs',
  piece: 'pcs',
  items: 'pcs',
  item: 'pcs',
  units: 'pcs',
  packs: 'pack',
  pack: 'pack',
  bottles: 'bottle',
  bottle: 'bottle',
  boxes: 'box',
  box: 'box',
  pairs: 'pair',
  pair: 'pair',
  sets: 'set',
  set: 'set',
  bags: 'bag',
  bag: 'bag',
  rolls: 'roll',
  cans: 'can',
  ml: 'ml',
  毫升: 'ml',
  l: 'l',
  升: 'l',
  liters: 'l',
  liter: 'l',
  litres: 'l',
  litre: 'l',
  kg: 'kg',
  千克: 'kg',
  公斤: 'kg',
  kilograms: 'kg',
  g: 'g',
  克: 'g',
  grams: 'g',
  gram: 'g',
  mg: 'mg',
  毫克: 'mg',
  lb: 'lb',
  lbs: 'lb',
  pounds: 'lb',
  oz: 'oz',
  cm: 'cm',
  厘米: 'cm',
  mm: 'mm',
  毫米: 'mm',
  m: 'm',
  米: 'm',
  inches: 'inch',
  inch: 'inch',
  英寸: 'inch',
  寸: 'inch',
  gb: 'gb',
  tb: 'tb',
  mb: 'mb',
  mah: 'mah',
  毫安: 'mah',
  w: 'w',
  瓦: 'w',
  v: 'v',
  伏: 'v',
  hz: 'hz',
};

const MEASURE_WORDS = '件个瓶盒包袋箱支双套台部只条张本片罐桶份杯对副粒颗枚卷提组把根听斤';

const UNIT_WORDS = Object.keys(UNIT_ALIASES)
  .sort((a, b) => b.length - a.length)
  .join('|');

const QUANTITY = new RegExp(
  String.raw`${NUMBER_START}(?<n>${COUNT})(?<space>\s?)(?:(?<unit>${UNIT_WORDS})(?![a-z])|(?<measure>[${MEASURE_WORDS}]))`,
  'g',
);

const NETWORK_GENERATION = /^(?:手机|网|信号|版|套餐|路由|基站|全网通|双卡|phone|network|lte)/;
// "3个月", "2个小时" are durations.
const DURATION_AFTER_GE = /^(?:月|小时|钟头|星期|礼拜|工作日)/;

type Groups = Record<string, string | undefined>;

export function findQuantities(text: string): Entity[] {
  if (!/[\d零一二两三四五六七八九十百千万半]/.test(text)) return [];
  const found: Entity[] = [];
  for (const match of text.matchAll(QUANTITY)) {
    const groups = match.groups as Groups;
    const unitWord = groups['unit'];
    const measure = groups['measure'];
    if (unitWord && unitWord.length === 1 && /[a-z]/.test(unitWord) && groups['space']) continue;
    const parsed = parseAmount(groups['n'] ?? '');
    if (!parsed || parsed.value === 0) continue;
    const end = match.index + match[0].length;
    if (unitWord === 'g' && Number.isInteger(parsed.value) && parsed.value >= 2 && parsed.value <= 6) {
      if (NETWORK_GENERATION.test(text.slice(end).trimStart())) continue;
    }
    if (measure === '个' && DURATION_AFTER_GE.test(text.slice(end))) continue;
    const unit = unitWord ? UNIT_ALIASES[unitWord]! : measure!;
    found.push({
      kind: 'quantity',
      value: text.slice(match.index, end),
      normalized: `${parsed.value} ${unit}`,
      start: match.index,
      end,
      amount: parsed.value,
      unit,
    });
  }
  return found;
}
