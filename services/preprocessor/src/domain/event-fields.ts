import type { Event } from '@demand/contracts';

type Payload = NonNullable<Event['payload']>;

/** The item of a view or click (what a crawler walks); '' otherwise. */
export function browsedItemIdOf(payload: Payload): string {
  if (payload.$case === 'view') return payload.view.itemId;
  if (payload.$case === 'click') return payload.click.itemId;
  return '';
}

/** The item whose page the event opened: a click, or a view of its detail page; '' otherwise (tile impressions). */
export function openedItemIdOf(payload: Payload): string {
  if (payload.$case === 'view') return payload.view.surface === 'detail' ? payload.view.itemId : '';
  if (payload.$case === 'click') return payload.click.itemId;
  return '';
}
