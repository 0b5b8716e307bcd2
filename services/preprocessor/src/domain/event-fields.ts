import type { Event } from '@demand/contracts';

type Payload = NonNullable<Event['payload']>;

/** The item a behaviour event is about; '' when none (search, dialog turns about no item). */
export function itemIdOf(payload: Payload): string {
  switch (payload.$case) {
    case 'view':
      return payload.view.itemId;
    case 'click':
      return payload.click.itemId;
    case 'addToCart':
      return payload.addToCart.itemId;
    case 'removeFromCart':
      return payload.removeFromCart.itemId;
    case 'purchase':
      return payload.purchase.itemId;
    case 'review':
      return payload.review.itemId;
    case 'dialogTurn':
      return payload.dialogTurn.itemId;
    case 'search':
    case 'itemUpsert':
      return '';
  }
}

/** The item of a view or click (what a crawler walks); '' otherwise. */
export function browsedItemIdOf(payload: Payload): string {
  if (payload.$case === 'view') return payload.view.itemId;
  if (payload.$case === 'click') return payload.click.itemId;
  return '';
}
