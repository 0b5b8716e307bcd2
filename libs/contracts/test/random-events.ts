import { Event } from '../src/index.js';

/** A small seeded generator, so a failure names the same events every run. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const strings = [
  '',
  'a',
  'user-000017',
  'x'.repeat(33),
  '好看的连衣裙',
  'café 😀',
  `${'w'.repeat(40)}\ud800`,
  '\u0080',
];
const instants = [
  0,
  1,
  999,
  -1,
  -86_400_001,
  Date.UTC(2026, 8, 5, 12, 30, 1, 999),
  Date.UTC(2026, 8, 5),
  8.64e15 - 1000, // near the end of Date's range
  -8.64e15,
];

export function randomEvent(random: ReturnType<typeof randomSource>, i: number): Event {
  const { next, pick } = random;
  const text = () => pick(strings);
  const count = () => pick([0, 1, 127, 128, 2 ** 31, 2 ** 32 - 1]);
  const price = () => pick([0, 12.5, -0, 1e300, Number.NaN]);
  const payloads: NonNullable<Event['payload']>[] = [
    { $case: 'view', view: { itemId: text(), surface: text(), dwellMs: count() } },
    { $case: 'click', click: { itemId: text(), surface: text(), position: count(), recRequestId: text() } },
    { $case: 'search', search: { query: text(), resultsCount: count() } },
    { $case: 'addToCart', addToCart: { itemId: text(), quantity: count(), unitPrice: price(), currency: text() } },
    { $case: 'removeFromCart', removeFromCart: { itemId: text(), quantity: count() } },
    {
      $case: 'purchase',
      purchase: { orderId: text(), itemId: text(), quantity: count(), unitPrice: price(), currency: text() },
    },
    { $case: 'review', review: { itemId: text(), rating: count(), text: text(), orderId: text() } },
    {
      $case: 'dialogTurn',
      dialogTurn: { conversationId: text(), role: pick([0, 1, 2, -1]), text: text(), itemId: text(), turnIndex: 3 },
    },
    {
      $case: 'itemUpsert',
      itemUpsert: {
        itemId: text(),
        title: text(),
        description: text(),
        brand: text(),
        categoryPath: [text(), text()],
        price: price(),
        currency: text(),
        attributes: { [text()]: text() },
        stock: pick([0, -3, 2 ** 40]),
        localizedTitles: { en: text() },
      },
    },
  ];
  const instant = () => new Date(pick(instants) + (next() < 0.5 ? 0 : Math.floor(next() * 1000)));
  return Event.fromPartial({
    eventId: `ev-${i}-${text()}`,
    userId: text(),
    sessionId: text(),
    ...(next() < 0.9 && { occurredAt: instant() }),
    ...(next() < 0.5 && { receivedAt: instant() }),
    source: text(),
    backfill: next() < 0.3,
    ...(next() < 0.95 && { payload: pick(payloads) }),
  });
}

/** `count` varied events of every kind, from `seed`. */
export function randomEvents(seed: number, count: number): Event[] {
  const random = randomSource(seed);
  return Array.from({ length: count }, (_, i) => randomEvent(random, i));
}

/** `count` clean events around varied events: some without one, with and without flags. */
export function randomCleanEvents(seed: number, count: number) {
  const random = randomSource(seed);
  return Array.from({ length: count }, (_, i) => ({
    ...(i % 10 !== 0 && { event: randomEvent(random, i) }),
    flags: i % 3 === 0 ? [] : ['late', `bot:${random.pick(strings)}`],
    schemaVersion: i % 4,
  }));
}
