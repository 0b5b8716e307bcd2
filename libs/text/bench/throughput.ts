/**
 * Informal throughput of cleanText on short texts (≈30–80 chars): reviews, search queries,
 * customer-service turns and item titles in Chinese and English, some with PII, HTML,
 * traditional script and emoji. Prints texts/second on one core; not a test.
 *
 *   node libs/text/dist/bench/throughput.js [count]
 */
import { createTextCleaner } from '../src/index.js';

const catalog = {
  brands: [
    'Apple',
    '华为',
    '小米',
    '花西子',
    '雅诗兰黛',
    'SK-II',
    '三只松鼠',
    'Nike',
    '完美日记',
    'OPPO',
    'vivo',
    '兰蔻',
  ],
  categories: [
    '手机',
    '手机壳',
    '耳机',
    '散粉',
    '精华液',
    '坚果',
    '口红',
    '运动鞋',
    'running shoes',
    'phone case',
    '充电器',
  ],
  attributeValues: {
    color: ['黑色', '白色', 'Space Gray', '午夜蓝', '玫瑰金'],
    storage: ['128GB', '256GB', '512GB'],
    capacity: ['500ml', '50ml', '30ml'],
  },
};

const templates = [
  '這款{brand}{category}的螢幕很棒👍，{color}很好看，價格{price}元還算合理',
  '{brand}{category}用了一个月，续航不错，就是有点发热😅，{storage}够用了',
  '请问{brand}{category}什么时候发货？我的电话是138{d4}{d4}，地址北京市朝阳区建国路88号',
  '{brand} {category} {storage} {color} 官方正品 {price}元以内',
  'Great {category}, battery lasts two days. Paid ${price}, would buy again!',
  '<p>物流很快，<b>包装完好</b>，{brand}的{category}质量不错</p>',
  '客服你好，订单{d4}{d4}{d4}的{category}少发了两瓶，请尽快补发，谢谢🙏',
  '{brand}{category}和专柜一样，{capacity}装，买了2件，比实体店便宜{price}块',
  'search: {brand} {category} under {price}',
  '不推荐！{category}用了三天就坏了😡，联系客服也不回，email me at user{d4}@qq.com',
];

let seed = 42;
const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const choose = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function makeText(): string {
  return choose(templates).replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'brand':
        return choose(catalog.brands);
      case 'category':
        return choose(catalog.categories);
      case 'color':
        return choose(catalog.attributeValues.color);
      case 'storage':
        return choose(catalog.attributeValues.storage);
      case 'capacity':
        return choose(catalog.attributeValues.capacity);
      case 'price':
        return String(Math.floor(random() * 5000) + 9);
      default:
        return String(Math.floor(random() * 9000) + 1000);
    }
  });
}

const count = Number(process.argv[2] ?? 20_000);
const texts = Array.from({ length: count }, makeText);
const meanLength = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;

let started = performance.now();
const clean = createTextCleaner(catalog);
const setupMs = performance.now() - started;

for (const text of texts.slice(0, 2000)) clean(text); // warm-up
started = performance.now();
let tokens = 0;
for (const text of texts) tokens += clean(text).tokens.length;
const seconds = (performance.now() - started) / 1000;

console.log(
  JSON.stringify({
    texts: count,
    meanChars: Number(meanLength.toFixed(1)),
    setupMs: Math.round(setupMs),
    textsPerSecond: Math.round(count / seconds),
    microsPerText: Number(((seconds * 1e6) / count).toFixed(1)),
    tokensPerText: Number((tokens / count).toFixed(1)),
  }),
);
