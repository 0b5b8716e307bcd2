import { CleanEvent } from '@demand/contracts';
import { createShop } from '@demand/testkit';

/** `count` behaviour events of a seeded shop (20k users, 2k items) as the preprocessor writes them, without flags. */
export function shopCleanEvents(count: number, seed: number, runId: string): CleanEvent[] {
  const shop = createShop({ seed, users: 20_000, items: 2000, startDay: '2026-06-01' });
  const out: CleanEvent[] = [];
  for (const event of shop.generateEvents({ maxEvents: count * 2, runId })) {
    if (!event.payload || event.payload.$case === 'itemUpsert') continue;
    out.push(CleanEvent.fromPartial({ event, flags: [] }));
    if (out.length === count) break;
  }
  return out;
}
