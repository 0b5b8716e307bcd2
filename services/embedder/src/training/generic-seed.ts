import { commonChineseCharacters } from '@demand/text';
import { SENTIMENT_TERMS } from '../domain/sentiment-lexicon.js';
import { COMMON_ENGLISH_WORDS } from './common-english-words.js';
import type { TrainingCorpus } from './corpus.js';

/** Bumped whenever the seed's texts change (recorded with the models trained on it). */
export const GENERIC_SEED_VERSION = 1;
const COMMON_CHINESE_CHARACTERS = 3000;

/**
 * Text that puts common Chinese characters and English words into every vocabulary the
 * encoder builds, shop data or not (each word twice: the vocabulary keeps words seen twice).
 */
export function commonVocabularyText(): string[] {
  const words = COMMON_ENGLISH_WORDS.join(' ');
  return [commonChineseCharacters(COMMON_CHINESE_CHARACTERS).join(' '), words, words];
}

/**
 * What a customer-service intent sounds like in general, Chinese and English: keyword
 * phrases, no shop's catalog or phrasing. The labels are the platform's intents.
 */
const INTENT_PHRASES: Record<string, string[]> = {
  return: [
    '我要退货',
    '怎么退货',
    '可以退款吗',
    '申请退款',
    '想换货',
    '七天无理由退货吗',
    '退款什么时候到账',
    '不想要了怎么退',
    'i want to return this',
    'how do i get a refund',
    'can i exchange it',
    'return request',
    'refund please',
    'how do i send it back',
    'i want my money back',
  ],
  shipping: [
    '什么时候发货',
    '快递到哪了',
    '物流信息',
    '还没收到货',
    '几天能到',
    '发货了吗',
    '物流一直没更新',
    '包邮吗',
    'when will it ship',
    'where is my package',
    'tracking number please',
    'has my order shipped',
    'how long does delivery take',
    'can you ship faster',
    'do you ship free',
  ],
  size: [
    '尺码偏大吗',
    '穿多大码',
    '尺寸表',
    '码数怎么选',
    '身高体重选什么码',
    '我穿多大合适',
    '大一号还是小一号',
    '鞋码偏小吗',
    'what size should i get',
    'does it run small',
    'size chart please',
    'which size fits me',
    'is it true to size',
    'do you have a larger size',
    'what are the measurements',
  ],
  price: [
    '能便宜点吗',
    '有优惠券吗',
    '什么时候降价',
    '价格保护',
    '有折扣吗',
    '还能再便宜吗',
    '有满减活动吗',
    '会员价多少',
    'is there a discount',
    'any coupon',
    'can you lower the price',
    'when is the sale',
    'price match',
    'is this the lowest price',
    'any promo code',
  ],
  product_question: [
    '是什么材质',
    '有现货吗',
    '怎么使用',
    '保修多久',
    '是正品吗',
    '防水吗',
    '有几种颜色',
    '适合几岁孩子',
    'what material is it',
    'is it in stock',
    'how do i use it',
    'does it have a warranty',
    'is it genuine',
    'is it waterproof',
    'what is included in the box',
  ],
  complaint: [
    '我要投诉',
    '太气人了',
    '东西是坏的',
    '质量太差了',
    '客服态度差',
    '收到就是坏的',
    '太失望了，要投诉你们',
    '商家骗人',
    'i want to complain',
    'the item arrived broken',
    'terrible service',
    'this is unacceptable',
    'very poor quality',
    'received it damaged',
    'worst purchase ever',
  ],
  chitchat: [
    '你好',
    '在吗',
    '谢谢',
    '好的',
    '再见',
    '早上好',
    '没事了',
    '哈哈',
    'hello',
    'are you there',
    'thank you',
    'ok thanks',
    'bye',
    'good morning',
    'never mind',
  ],
};

/**
 * The corpus of a first start with no shop data (the common vocabulary joins every
 * encoder's vocabulary anyway, see train-domain-encoder.ts): reviews made of the sentiment lexicon's words (rated 5, 3 and 1, and negated positives
 * rated 1) and the intent phrases above. Honest about what it is: models trained on it answer
 * `cold` until the shop's own data retrains them.
 */
export function genericSeedCorpus(): TrainingCorpus {
  const reviews: TrainingCorpus['reviews'] = [];
  for (const [language, terms] of Object.entries(SENTIMENT_TERMS)) {
    const zh = language === 'zh';
    for (const word of terms.positive) {
      reviews.push({ text: zh ? `很${word}` : `very ${word}`, rating: 5 });
      reviews.push({ text: zh ? `不${word}` : `not ${word}`, rating: 1 });
    }
    for (const word of terms.negative) reviews.push({ text: zh ? `太${word}了` : `so ${word}`, rating: 1 });
    for (const word of terms.hedge) reviews.push({ text: zh ? `${word}吧` : `just ${word}`, rating: 3 });
  }
  const dialogTurns = Object.entries(INTENT_PHRASES).flatMap(([intent, phrases]) =>
    phrases.map((text) => ({ text, intent })),
  );
  return {
    items: [],
    reviews,
    queries: [],
    dialogTurns,
    source: { kind: 'generic-seed', version: GENERIC_SEED_VERSION },
    window: { start: '', end: '' },
  };
}
