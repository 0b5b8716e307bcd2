/**
 * Seeded random texts mixing Chinese, English, punctuation, accents, emoji, digits, odd whitespace,
 * control characters, special-token look-alikes and over-long words.
 */
import { Random } from '@demand/testkit';

const FRAGMENTS = [
  '我们', '喜欢', '这个', '手机', '很好用', '电池', '续航', '价格', '便宜', '质量', '物流', '客服', '退货', '太慢了',
  '屏幕', '发热', '推荐', '性价比', '外观', '漂亮', '包装', '破损', '快递', '满意', '差评', '好评',
  'the', 'phone', 'is', 'GREAT', 'Unbelievable', 'playing', 'battery', 'life', 'badly', 'priceless', 'returned',
  'shipping', 'order', 'iPhone', 'Pro', 'we', 'love', 'it', 'xylophone', 'McDonald\'s', 'e-mail', 'wi-fi', 'U.S.A.',
  'café', 'naïve', 'Ångström', 'résumé', 'Über', 'crème brûlée', 'São Paulo', 'Ｆｕｌｌｗｉｄｔｈ', 'ＡＢＣ１２３',
  '，', '。', '！', '？', '、', '“', '”', '（', '）', '…', '—', '·', '《', '》', '!', '?', ',', '.', '$', '%', '(', ')',
  '[', ']', '@', '#', '&', '*', '~', '^', '_', '`', '{', '}', '|', '\\', '/', '<', '>', '=', '+', '-', '\'', '"',
  '😀', '👍🏻', '❤️', '🇨🇳', '🎉🎉', '©', '®', '™', '€', '¥', '°', '±', '×', '÷',
  '2024', '15%', '3.5', '1,000', '007', '½', '²', '①', 'Ⅻ',
  'スマホ', 'ありがとう', '좋아요', 'Привет', 'مرحبا', 'שלום', 'नमस्ते', 'ไทย', 'ελληνικά', 'Straße',
  '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2003', '\u200b', '\u200d', '\u0000', '\ufffd', '\u0007', '\ue000', '\u00ad', '\u0085',
  '[SEP]', '[MASK]', '[CLS]', '[unk]', '[mask]', '[SEP][SEP]', 'x[MASK]y',
  'a'.repeat(120), 'supercalifragilisticexpialidocious', '手机'.repeat(30),
];
const SEPARATORS = [' ', ' ', ' ', '', '', '  ', '\t'];

export function mixedStrings(count: number, seed: number): string[] {
  const random = new Random(seed);
  const texts: string[] = ['', ' ', '\u0000', '[SEP]', '我'];
  while (texts.length < count) {
    const length = random.int(1, 14);
    let text = '';
    for (let i = 0; i < length; i++) text += random.pick(FRAGMENTS) + random.pick(SEPARATORS);
    texts.push(text);
  }
  return texts;
}
