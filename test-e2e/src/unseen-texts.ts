// A second text generator, written apart from the test kit's phrase banks: other sentence
// shapes, other words, Chinese and English. The unseen-text eval scores models trained on the
// test-kit shop's texts (as they flowed through the platform) on these, and so does the learning-loop e2e test.
import { Random } from '@demand/testkit';

export interface LabelledText {
  text: string;
  label: string;
  language: 'zh' | 'en';
  /**
   * What texts drawn from the same phrasing share (a review's first clause template, a turn's base
   * phrase), so a DEV/TEST split can keep each phrasing in one half.
   */
  group: string;
}

export interface CategoryQuery {
  text: string;
  /** The catalog leaf category the shopper wants. */
  leaf: string;
  language: 'zh' | 'en';
  /** The leaf and the word the query names it by (the templates around it are shared by all). */
  group: string;
}

const ASPECTS_ZH = ['做工', '包装', '物流', '性价比', '手感', '颜色', '客服', '细节', '味道', '尺寸'];
const ASPECTS_EN = ['build', 'packaging', 'delivery', 'value', 'feel', 'colour', 'support', 'finish', 'smell', 'fit'];

const REVIEW_CLAUSES: Record<string, { zh: string[]; en: string[] }> = {
  positive: {
    zh: ['{a}很到位', '{a}没得挑', '{a}让人惊喜', '{a}挺用心的', '{a}无可挑剔', '{a}比想象中好'],
    en: [
      'the {a} is superb',
      'really impressed by the {a}',
      'the {a} exceeded what I hoped',
      'lovely {a}',
      'the {a} is spot on',
    ],
  },
  negative: {
    zh: ['{a}一塌糊涂', '{a}完全不行', '{a}太敷衍了', '{a}简直离谱', '{a}让人窝火', '{a}跟图片差太远'],
    en: [
      'the {a} is awful',
      'the {a} fell apart within a week',
      'deeply unhappy with the {a}',
      'the {a} is a joke',
      'shoddy {a}',
    ],
  },
  neutral: {
    zh: ['{a}说得过去', '{a}不好不坏', '{a}普普通通', '{a}跟别家差不多', '{a}没有特别亮眼的地方'],
    en: [
      'the {a} is passable',
      'the {a} is neither good nor bad',
      'the {a} is about what you would expect',
      'nothing special about the {a}',
    ],
  },
};

const ENDINGS: Record<string, { zh: string[]; en: string[] }> = {
  positive: { zh: ['会再来', '值这个价', '家里人也说好', ''], en: ['will buy again', 'worth every penny', ''] },
  negative: { zh: ['再也不买了', '浪费钱', '申请售后中', ''], en: ['never again', 'what a waste of money', ''] },
  neutral: { zh: ['先用着看吧', '给个中评', ''], en: ['will see how it holds up', 'three stars', ''] },
};

/** Reviews whose sentiment is known, phrased unlike the test kit's. */
export function unseenReviews(count: number, seed: number): LabelledText[] {
  const random = new Random(seed);
  const out: LabelledText[] = [];
  const labels = ['positive', 'positive', 'negative', 'neutral'];
  for (let i = 0; i < count; i++) {
    const label = random.pick(labels);
    const zh = random.float() < 0.6;
    const language = zh ? 'zh' : 'en';
    const aspects = zh ? ASPECTS_ZH : ASPECTS_EN;
    const clauses = REVIEW_CLAUSES[label]![language];
    const template = random.pick(clauses);
    const first = template.replace('{a}', random.pick(aspects));
    const second = random.pick(clauses).replace('{a}', random.pick(aspects));
    const ending = random.pick(ENDINGS[label]![language]);
    const parts = random.float() < 0.5 ? [first, second, ending] : [first, ending];
    out.push({ text: parts.filter((p) => p !== '').join(zh ? '，' : ', '), label, language, group: template });
  }
  return out;
}

const INTENT_TURNS: Record<string, { zh: string[]; en: string[] }> = {
  return: {
    zh: [
      '这件我不打算留了，流程怎么走',
      '能帮我办理一下退回吗',
      '货不对板，我要把钱拿回来',
      '退回去的邮费怎么算',
      '我想把这单撤销并退钱',
    ],
    en: [
      'I would like to send this back',
      'please process a return for my order',
      'how can I get my money back',
      'I need to return the parcel, what are the steps',
    ],
  },
  shipping: {
    zh: [
      '我的包裹现在到哪一站了',
      '下单好几天了怎么还没动静',
      '能不能加急寄出',
      '快递单号麻烦发一下',
      '预计哪天能送到我这',
    ],
    en: [
      'my parcel still has not arrived',
      'can you tell me when it will be dispatched',
      'which courier are you using',
      'the tracking page has not updated for days',
    ],
  },
  size: {
    zh: [
      '我一米六五一百斤该拿哪个码',
      '这款裤长是多少',
      '脚宽的人要不要拿大半码',
      '肩宽大概多少厘米',
      '平时穿M这款拿什么',
    ],
    en: [
      'I usually wear a medium, which one should I pick',
      'what is the waist measurement',
      'should I size up for this',
      'how long are the sleeves',
    ],
  },
  price: {
    zh: ['现在下单有什么优惠', '能不能给个折扣价', '过几天会不会更便宜', '买两件能少点吗', '有没有店铺券可以领'],
    en: [
      'do you have any discount codes right now',
      'will this go on sale soon',
      'is there a bundle price if I buy two',
      'can I get a cheaper price',
    ],
  },
  product_question: {
    zh: ['这个能放进洗碗机吗', '续航大概能撑多久', '里面含不含酒精', '包装里都有哪些配件', '这个是什么产地的'],
    en: ['does it work with an iPhone', 'what is it made of', 'is the battery replaceable', 'what comes in the box'],
  },
  complaint: {
    zh: [
      '你们这服务也太差劲了',
      '东西到手就裂了，非常生气',
      '客服一直不回消息，我要找你们领导',
      '发错货还不认账，太过分了',
      '这么烂的质量也好意思卖',
    ],
    en: [
      'this is the worst service I have ever had',
      'the product arrived cracked and nobody answers me',
      'I am furious about this order',
      'you sent me the wrong item and ignored my messages',
    ],
  },
};

/** Customer turns whose intent is known, phrased unlike the test kit's. */
export function unseenTurns(perIntent: number, seed: number): LabelledText[] {
  const random = new Random(seed);
  const out: LabelledText[] = [];
  for (const [intent, phrases] of Object.entries(INTENT_TURNS)) {
    for (let i = 0; i < perIntent; i++) {
      const zh = random.float() < 0.6;
      const base = random.pick(zh ? phrases.zh : phrases.en);
      const prefix = random.pick(
        zh ? ['', '你好，', '在吗？', '麻烦问下，'] : ['', 'hi, ', 'hello, ', 'quick question: '],
      );
      out.push({ text: `${prefix}${base}`, label: intent, language: zh ? 'zh' : 'en', group: base });
    }
  }
  return out;
}

/** Other words for the catalog's leaf categories (not the catalog's own names). */
const LEAF_WORDS: Record<string, { zh: string[]; en: string[] }> = {
  连衣裙: { zh: ['裙子', '长裙', '碎花裙'], en: ['frock', 'sundress', 'dress for women'] },
  衬衫: { zh: ['女士衬衣', '雪纺上衣'], en: ['shirt for women', 'button-up top'] },
  T恤: { zh: ['短袖', '圆领短袖'], en: ['tee', 'short sleeve top'] },
  夹克: { zh: ['外套', '风衣外套'], en: ['coat', 'windbreaker'] },
  牛仔裤: { zh: ['牛仔长裤', '直筒裤'], en: ['denim pants', 'denims'] },
  休闲鞋: { zh: ['板鞋', '运动休闲鞋'], en: ['sneakers', 'everyday shoes'] },
  智能手机: { zh: ['手机', '拍照手机'], en: ['mobile phone', 'cellphone'] },
  充电器: { zh: ['充电头', '快充头'], en: ['power adapter', 'wall plug'] },
  蓝牙耳机: { zh: ['无线耳机', '耳塞'], en: ['wireless earphones', 'headphones'] },
  音箱: { zh: ['音响', '小音箱'], en: ['loudspeaker', 'sound box'] },
  笔记本电脑: { zh: ['电脑', '轻薄本'], en: ['notebook computer', 'laptop pc'] },
  机械键盘: { zh: ['键盘', '游戏键盘'], en: ['gaming keyboard', 'keyboard'] },
  面霜: { zh: ['保湿霜', '乳霜'], en: ['moisturiser', 'moisturizing cream'] },
  精华液: { zh: ['精华', '美白精华'], en: ['essence', 'face serum'] },
  面膜: { zh: ['补水面膜', '贴片面膜'], en: ['face mask', 'facial mask'] },
  口红: { zh: ['唇膏', '唇釉'], en: ['lip colour', 'lip stick'] },
  粉底液: { zh: ['粉底', '底妆'], en: ['liquid foundation', 'base makeup'] },
};

const QUERY_TEMPLATES = {
  zh: ['有没有好用的{w}', '想买个{w}', '{w}哪款好', '求推荐{w}', '性价比高的{w}'],
  en: ['looking for a {w}', 'recommend me a {w}', 'best {w} on a budget', 'need a new {w}', 'good {w}'],
};

/** Search queries for leaves the catalog has, in words the catalog does not use. */
export function unseenQueries(leaves: ReadonlySet<string>, perLeaf: number, seed: number): CategoryQuery[] {
  const random = new Random(seed);
  const out: CategoryQuery[] = [];
  for (const [leaf, words] of Object.entries(LEAF_WORDS)) {
    if (!leaves.has(leaf)) continue;
    for (let i = 0; i < perLeaf; i++) {
      const language = i % 2 === 0 ? 'zh' : 'en';
      const template = random.pick(QUERY_TEMPLATES[language]);
      const word = random.pick(words[language]);
      out.push({ text: template.replace('{w}', word), leaf, language, group: `${leaf} ${word}` });
    }
  }
  return out;
}
