/**
 * What a customer-service request is about, as general shopping vocabulary (Chinese and English)
 * rather than one shop's phrasing: 退款 and "refund" ask for a return wherever they are written.
 * Counted per intent, these features give the intent head's expert a view that does not depend
 * on the words the shop's own customers happened to use. Chitchat has no terms: greetings and
 * thanks open and close requests of every kind, so they are no evidence of any one intent.
 */
const INTENT_TERMS: readonly { intent: string; zh: readonly string[]; en: readonly string[] }[] = [
  {
    intent: 'return',
    zh: ['退货', '退款', '退钱', '退回', '退换', '换货', '调换', '寄回', '无理由', '退掉', '售后'],
    en: [
      'return',
      'returns',
      'refund',
      'refunds',
      'exchange',
      'money back',
      'send it back',
      'send back',
      'replacement',
    ],
  },
  {
    intent: 'shipping',
    zh: ['发货', '快递', '物流', '配送', '送达', '到货', '包裹', '运费', '包邮', '单号', '派送', '签收', '寄出'],
    en: ['ship', 'shipping', 'shipped', 'deliver', 'delivery', 'delivered', 'package', 'parcel', 'tracking', 'courier'],
  },
  {
    intent: 'size',
    zh: ['尺码', '码数', '尺寸', '大码', '小码', '偏大', '偏小', '身高', '体重', '几码', '合身', '腰围', '码'],
    en: ['size', 'sizes', 'sizing', 'fit', 'fits', 'too small', 'too big', 'too large', 'length', 'waist', 'inches'],
  },
  {
    intent: 'price',
    zh: ['价格', '多少钱', '优惠', '便宜', '打折', '折扣', '降价', '优惠券', '满减', '差价', '会员价', '价'],
    en: ['price', 'cost', 'costs', 'cheaper', 'discount', 'coupon', 'deal', 'sale', 'how much', 'promo', 'promotion'],
  },
  {
    intent: 'complaint',
    zh: ['投诉', '差评', '太差', '气人', '骗', '态度', '失望', '垃圾', '欺骗', '破损', '假货', '生气', '坏了'],
    en: ['complain', 'complaint', 'terrible', 'awful', 'unacceptable', 'broken', 'damaged', 'fake', 'scam', 'worst'],
  },
  {
    intent: 'product_question',
    zh: ['材质', '成分', '保修', '质保', '怎么用', '功能', '适合', '正品', '防水', '颜色', '配件', '说明书', '兼容'],
    en: ['material', 'warranty', 'genuine', 'waterproof', 'compatible', 'battery', 'included', 'how to use', 'made of'],
  },
];

export const INTENT_LEXICON_FEATURE_COUNT = INTENT_TERMS.length;

const ENGLISH = INTENT_TERMS.map(
  ({ en }) => new RegExp(`(?<![a-z])(?:${en.map((term) => term.replace(/ /g, '\\s+')).join('|')})(?![a-z])`, 'g'),
);

/** One feature per intent: how many of its terms the (lower-cased) text holds, saturating at 3. */
export function intentLexiconFeatures(text: string): number[] {
  const lower = text.toLowerCase();
  return INTENT_TERMS.map(({ zh }, i) => {
    let count = (lower.match(ENGLISH[i] as RegExp) ?? []).length;
    for (const term of zh) if (lower.includes(term)) count++;
    return Math.min(count, 3) / 3;
  });
}
