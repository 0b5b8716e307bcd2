import { CleanEvent, Event } from '@demand/contracts';

export interface ItemSpec {
  itemId: string;
  title: string;
  en?: string;
  brand: string;
  categoryPath: string[];
  price: number;
  attributes?: Record<string, string>;
}

export const ITEMS: ItemSpec[] = [
  {
    itemId: 'i-1',
    title: '素语 夏季亚麻连衣裙 红色',
    en: 'Suyu Summer Linen Dress, Red',
    brand: '素语',
    categoryPath: ['服装', '女装', '连衣裙'],
    price: 199,
    attributes: { 颜色: '红色' },
  },
  {
    itemId: 'i-2',
    title: '蔓尼 真丝连衣裙 黑色',
    en: 'Manni Silk Dress, Black',
    brand: '蔓尼',
    categoryPath: ['服装', '女装', '连衣裙'],
    price: 899,
    attributes: { 颜色: '黑色' },
  },
  {
    itemId: 'i-3',
    title: '米果 快充智能手机 黑色',
    en: 'Migo Fast-Charging Smartphone, Black',
    brand: '米果',
    categoryPath: ['数码', '手机通讯', '智能手机'],
    price: 1999,
    attributes: { 颜色: '黑色' },
  },
  {
    itemId: 'i-4',
    title: '声悦 降噪蓝牙耳机 白色',
    en: 'SoundJoy Noise-Cancelling Bluetooth Earbuds, White',
    brand: '声悦',
    categoryPath: ['数码', '影音娱乐', '蓝牙耳机'],
    price: 399,
    attributes: { 颜色: '白色' },
  },
  {
    itemId: 'i-5',
    title: '山野 东北坚果 500g',
    en: 'Wildhill Northeast Mixed Nuts, 500g',
    brand: '山野',
    categoryPath: ['食品', '休闲零食', '坚果'],
    price: 59.9,
  },
];

export function itemEvent(spec: ItemSpec, version = 1): CleanEvent {
  return CleanEvent.fromPartial({
    event: Event.fromPartial({
      eventId: `ev-item-${spec.itemId}-v${version}`,
      occurredAt: new Date('2026-03-01T00:00:00Z'),
      payload: {
        $case: 'itemUpsert',
        itemUpsert: {
          itemId: spec.itemId,
          title: spec.title,
          brand: spec.brand,
          categoryPath: spec.categoryPath,
          price: spec.price,
          currency: 'CNY',
          attributes: spec.attributes ?? {},
          localizedTitles: spec.en ? { en: spec.en } : {},
          description: '',
        },
      },
    }),
  });
}
