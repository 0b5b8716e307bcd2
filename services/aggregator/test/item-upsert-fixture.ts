import type { Event } from '@demand/contracts';

/** A catalog event's payload with every field set (attributes and stock as given). */
export function itemUpsertPayload(attributes: Record<string, string> = {}, stock = 1): Event['payload'] {
  return {
    $case: 'itemUpsert',
    itemUpsert: {
      itemId: 'i9',
      title: 'T',
      description: '',
      brand: 'B',
      categoryPath: ['食品'],
      price: 1,
      currency: 'CNY',
      attributes,
      stock,
      localizedTitles: {},
    },
  };
}
