import type { TopCategoryKey } from './categories.js';

export type DialogIntent = 'return' | 'shipping' | 'size' | 'price' | 'product_question' | 'complaint';

/** Customer turns that carry no request of their own (greetings, thanks). */
export type TurnIntent = DialogIntent | 'chitchat';

export const DIALOG_INTENTS: readonly DialogIntent[] = [
  'return',
  'shipping',
  'size',
  'price',
  'product_question',
  'complaint',
];

interface IntentPhrases {
  /** The customer's request; `{leaf}` and `{value}` are filled from the item. */
  ask: readonly string[];
  followUp: readonly string[];
  askEn: readonly string[];
  answer: readonly string[];
}

export const DIALOG_PHRASES: Record<DialogIntent, IntentPhrases> = {
  return: {
    ask: [
      '我想退货',
      '这个{leaf}可以退吗？不太合适',
      '申请退款怎么操作',
      '收到的{leaf}不喜欢，能七天无理由退货吗',
      '怎么退换货啊',
      '买错了，想退掉',
      '不想要了，能退款吗',
    ],
    followUp: ['那运费谁出？', '多久能退款到账', '退货地址发我一下', '已经寄回了，麻烦查收'],
    askEn: ['I want to return this item.', 'How do I get a refund?', 'Can I exchange it for another one?'],
    answer: [
      '亲，支持七天无理由退货，请在订单页面申请退货哦',
      '亲，收到退货后1-3个工作日内退款到原支付账户',
      '亲，质量问题退货运费由我们承担哦',
    ],
  },
  shipping: {
    ask: [
      '我的快递到哪了？',
      '什么时候发货',
      '物流好几天没更新了',
      '能发顺丰吗',
      '下单三天了还没发货',
      '可以改一下收货地址吗',
      '今天能发出吗',
    ],
    followUp: ['能帮我催一下吗', '大概还要几天', '周末能送到吗', '可以放快递柜吗'],
    askEn: ['Where is my package?', 'When will my order ship?', 'Tracking has not updated for days.'],
    answer: [
      '亲，已经帮您查询，包裹正在派送中，预计明天送达',
      '亲，我们48小时内发货，请耐心等待',
      '亲，已经帮您催促快递了',
    ],
  },
  size: {
    ask: [
      '我身高165体重50kg穿什么码',
      '这款{leaf}偏大还是偏小',
      '平时穿M码，这个要拍L吗',
      '鞋子是标准码吗，我穿39',
      '尺码表在哪里看',
      '腰围70穿哪个码',
    ],
    followUp: ['那我拍L码吧', '胖一点的话要大一码吗', '如果不合适可以换码吗', '肩宽多少'],
    askEn: ['What size should I get? I usually wear M.', 'Does this run small?', 'Is the shoe size standard?'],
    answer: [
      '亲，建议您参考详情页的尺码表，身高165建议选M码',
      '亲，这款版型偏小，建议拍大一码',
      '亲，尺码不合适可以免费换码哦',
    ],
  },
  price: {
    ask: [
      '有优惠券吗',
      '能便宜点吗',
      '买两件有折扣吗',
      '昨天买的今天就降价了，能补差价吗',
      '活动什么时候开始',
      '会员价是多少',
      '{leaf}还会降价吗',
    ],
    followUp: ['那我现在下单能用吗', '满多少减', '能开发票吗', '可以保价吗'],
    askEn: [
      'Is there any discount?',
      'Can you give me a better price?',
      'The price dropped after I bought it, can I get the difference back?',
    ],
    answer: [
      '亲，目前店铺有满199减20的优惠券可以领取哦',
      '亲，支持价保，降价后可以申请补差价',
      '亲，活动明天零点开始哦',
    ],
  },
  product_question: {
    ask: ['有没有{value}的', '和上一代有什么区别', '是正品吗', '这个{leaf}怎么使用', '这个{leaf}有现货吗'],
    followUp: ['那保修多久', '有赠品吗', '有没有现货', '可以送人吗，有礼盒吗'],
    askEn: ['Is this waterproof?', 'What is it made of?', 'Is this the genuine product?'],
    answer: ['亲，这款的参数详情页都有写哦', '亲，我们是官方正品，支持验货', '亲，这款有现货，今天下单今天发'],
  },
  complaint: {
    ask: [
      '质量太差了，我要投诉',
      '客服怎么一直不回复',
      '收到的东西是坏的，太气人了',
      '等了一周还没到，你们怎么回事',
      '跟描述完全不一样，我要投诉',
      '发错货了，你们怎么搞的',
      '这个{leaf}用了一次就坏了',
    ],
    followUp: ['必须给我一个说法', '我要求退款并赔偿', '再不处理我就去平台投诉', '你们就是这样对待顾客的吗'],
    askEn: [
      'This is unacceptable, the item arrived broken.',
      'Nobody answers my messages, I want to complain.',
      'Wrong item delivered, very poor service.',
    ],
    answer: [
      '非常抱歉给您带来不好的体验，我们马上为您处理',
      '亲，非常抱歉，已经为您登记，会尽快给您答复',
      '亲，给您补偿一张无门槛优惠券，非常抱歉',
    ],
  },
};

/** Product questions that only make sense for some categories. */
export const PRODUCT_QUESTIONS: Record<TopCategoryKey, readonly string[]> = {
  apparel: ['这个{leaf}是什么面料的', '会起球吗', '洗了会缩水吗', '会掉色吗'],
  electronics: ['续航多久', '支持快充吗', '保修多久', '能连苹果手机吗'],
  beauty: ['适合敏感肌吗', '保质期多久', '孕妇可以用吗', '是什么味道的'],
  food: ['保质期多久', '是今年的新货吗', '含糖吗', '是独立包装吗'],
  home: ['是什么材质的', '尺寸是多少', '有异味吗', '可以放洗碗机吗'],
  sports: ['适合新手吗', '防水吗', '有多重', '可以送人吗'],
  baby: ['几个月的宝宝可以用', '材质安全吗', '有没有质检报告', '新生儿能用吗'],
};

export const CHITCHAT = {
  opening: ['你好，在吗？', '在吗', '客服在吗', '你好', 'hello'],
  closing: ['好的，谢谢', '好的知道了', '嗯嗯 谢谢亲', '好的', 'OK thanks'],
  agentGreeting: ['亲，您好，很高兴为您服务~', '您好，请问有什么可以帮您？', '在的亲，请讲'],
  agentClosing: ['还有其他可以帮您的吗？', '不客气，祝您购物愉快~', '感谢您的支持，有问题随时联系我们'],
};
