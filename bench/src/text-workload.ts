import { DialogRole, Event } from '@demand/contracts';
import type { Shop } from '@demand/testkit';

const PII_SENTENCES = [
  '有问题打我电话 13812345678',
  '发票请发到 wang.fang88@163.com',
  '收货地址改成北京市朝阳区建国路88号阳光小区3栋2单元1201室',
  '退款请打到这张卡 6222021234567894',
  'email me at amy.zhou@gmail.com or call (415) 555-0134',
  '我的身份证号是 310104198807061235',
];

/**
 * Reviews and customer-service turns as a shop writes them: the generator's own sentences,
 * two to four joined per text (they are short alone), a fifth of them carrying personal data.
 */
export function benchTexts(shop: Shop, count: number): Event[] {
  const sentences: { kind: 'review' | 'dialogTurn'; text: string; itemId: string }[] = [];
  for (const event of shop.generateEvents({ days: 30, runId: 'texts' })) {
    const p = event.payload!;
    if (p.$case === 'review') sentences.push({ kind: 'review', text: p.review.text, itemId: p.review.itemId });
    if (p.$case === 'dialogTurn' && p.dialogTurn.itemId)
      sentences.push({ kind: 'dialogTurn', text: p.dialogTurn.text, itemId: p.dialogTurn.itemId });
    if (sentences.length >= 4000) break;
  }
  const at = new Date('2026-09-20T12:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const first = sentences[i % sentences.length]!;
    const parts = Array.from({ length: 2 + (i % 3) }, (_, k) => sentences[(i * 7 + k * 131) % sentences.length]!.text);
    if (i % 5 === 0) parts.push(PII_SENTENCES[i % PII_SENTENCES.length]!);
    const text = parts.join('，');
    const header = {
      eventId: `bench-text-${i}`,
      userId: `u-${String(i % 5000).padStart(6, '0')}`,
      sessionId: `ss-text-${i}`,
      occurredAt: at,
    };
    return first.kind === 'review'
      ? Event.fromPartial({
          ...header,
          payload: { $case: 'review', review: { itemId: first.itemId, rating: 1 + (i % 5), text, orderId: '' } },
        })
      : Event.fromPartial({
          ...header,
          payload: {
            $case: 'dialogTurn',
            dialogTurn: {
              conversationId: `cv-bench-${i}`,
              role: DialogRole.DIALOG_ROLE_CUSTOMER,
              text,
              itemId: first.itemId,
              turnIndex: 0,
            },
          },
        });
  });
}
