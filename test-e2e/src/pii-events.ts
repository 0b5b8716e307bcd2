import { DialogRole, Event, type ItemUpsert } from '@demand/contracts';

/**
 * Real-looking Chinese and English texts full of personal data, one of every kind on every
 * text-bearing event kind, to go beside the generator's own dirt. Every value listed in
 * `PLANTED_PII` must be gone from every topic and table after the preprocessor.
 */
export const PLANTED_PII = [
  '13912345678',
  'wang.fang88@163.com',
  'amy.zhou@gmail.com',
  '138 0013 8000',
  '88 Nanjing Road',
  '6222 0212 3456 7894',
  '310104198807061235',
  '世纪大道100号',
  '13700001111',
  '021-62345678',
  'service@shop-example.com',
  '(415) 555-0134',
  '1600 Pennsylvania Ave',
  '18612345678',
  '中关村大街27号',
];

export function piiEvents(itemId: string, occurredAt: Date): Event[] {
  const base = { userId: 'u-pii-0001', sessionId: 'ss-pii-0001', occurredAt, source: 'app' };
  const review = (n: number, text: string) =>
    Event.fromPartial({
      ...base,
      eventId: `ev-pii-review-${n}`,
      payload: { $case: 'review', review: { itemId, rating: 4, text, orderId: '' } },
    });
  const turn = (n: number, text: string) =>
    Event.fromPartial({
      ...base,
      eventId: `ev-pii-turn-${n}`,
      payload: {
        $case: 'dialogTurn',
        dialogTurn: { conversationId: 'cv-pii-1', role: DialogRole.DIALOG_ROLE_CUSTOMER, text, itemId, turnIndex: n },
      },
    });
  return [
    review(1, '物流很快，有问题请联系我 13912345678 或者 wang.fang88@163.com，谢谢'),
    review(
      2,
      'Great fit. Contact me at amy.zhou@gmail.com or +86 138 0013 8000. Ship to 88 Nanjing Road, Apt 12, Shanghai',
    ),
    review(3, '{"name":"李娜","phone":"18612345678","addr":"北京市海淀区中关村大街27号"}'),
    turn(1, '退款请打到我的银行卡 6222 0212 3456 7894，身份证号 310104198807061235'),
    turn(2, '收货地址改成上海市浦东新区世纪大道100号阳光小区3栋2单元1201室'),
    turn(3, 'Call me at (415) 555-0134 or write to 1600 Pennsylvania Ave, Washington, DC 20500'),
    Event.fromPartial({
      ...base,
      eventId: 'ev-pii-search-1',
      payload: { $case: 'search', search: { query: '手机号13700001111能查订单吗', resultsCount: 0 } },
    }),
  ];
}

export function piiItem(itemId: string): ItemUpsert {
  return {
    itemId,
    title: '售后无忧 纯棉T恤',
    description: '售后电话 021-62345678，邮箱 service@shop-example.com',
    brand: '',
    categoryPath: ['服装'],
    price: 59,
    currency: 'CNY',
    attributes: {},
    stock: 5,
    localizedTitles: {},
  };
}
