import type { Random } from '../random/random.js';
import { ATTRIBUTES, type AttributeId, type Term } from '../vocab/attributes.js';
import type { BrandSpec, LeafCategorySpec } from '../vocab/categories.js';

export interface ItemWords {
  brand: BrandSpec;
  leaf: LeafCategorySpec;
  attributes: readonly { id: AttributeId; value: Term }[];
}

/** Adjectives read best in this order in a Chinese title ("夏季亚麻修身连衣裙"). */
const ADJECTIVE_ORDER: readonly AttributeId[] = [
  'season',
  'origin',
  'flavor',
  'fabric',
  'material',
  'style',
  'effect',
  'connectivity',
  'gadgetFeature',
  'sportFeature',
  'gender',
];

const SERVICE_PROMISES = ['正品保障', '七天无理由退换', '顺丰包邮', '48小时内发货', '官方旗舰店出品'];

function titleParts(words: ItemWords): { adjectives: Term[]; specs: Term[] } {
  const [leafZh] = words.leaf.leaf;
  const adjectives = ADJECTIVE_ORDER.flatMap((id) => words.attributes.filter((a) => a.id === id))
    .map((a) => a.value)
    .filter(([zh]) => !leafZh.includes(zh))
    .slice(0, 2);
  const specs = words.attributes.filter((a) => ATTRIBUTES[a.id].title === 'spec').map((a) => a.value);
  return { adjectives, specs };
}

/** "素语 夏季亚麻连衣裙 红色" — brand, adjectives folded into the noun, specs after a space. */
export function chineseTitle(words: ItemWords): string {
  const { adjectives, specs } = titleParts(words);
  const name = adjectives.map(([zh]) => zh).join('') + words.leaf.leaf[0];
  return [words.brand.name[0], name, ...specs.map(([zh]) => zh)].join(' ');
}

/** "Suyu Summer Linen Dress, Red". */
export function englishTitle(words: ItemWords): string {
  const { adjectives, specs } = titleParts(words);
  const name = [words.brand.name[1], ...adjectives.map(([, en]) => en), words.leaf.leaf[1]].join(' ');
  return specs.length === 0 ? name : `${name}, ${specs.map(([, en]) => en).join(' ')}`;
}

/** "素语连衣裙，采用亚麻面料，适合夏季穿着。显瘦百搭，轻薄透气。正品保障。" */
export function description(words: ItemWords, random: Random): string {
  const phrases = words.attributes.map((a) => ATTRIBUTES[a.id].describe.replace('{}', a.value[0]));
  const points = random.sample(words.leaf.points, 2);
  const head = `${words.brand.name[0]}${words.leaf.leaf[0]}，${phrases.join('，')}。`;
  const tail = random.chance(0.5) ? `${random.pick(SERVICE_PROMISES)}。` : '';
  return `${head}${points.join('，')}。${tail}`;
}
