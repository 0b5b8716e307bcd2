import type { Event } from '@demand/contracts';

type Payload = NonNullable<Event['payload']>;

/** The item of a view or click (what a crawler walks); '' otherwise. */
export function browsedItemIdOf(payload: Payload): string {
  if (payload.$case === 'view') return payload.view.itemId;
  if (payload.$case === 'click') return payload.click.itemId;
  return '';
}
