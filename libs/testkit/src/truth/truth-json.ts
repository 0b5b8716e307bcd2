import type { Shop } from '../shop.js';
import type { RunTruth } from './run-truth.js';

const mapToObject = <V>(map: ReadonlyMap<string, V>): Record<string, V> => Object.fromEntries(map);

/** The truth as plain JSON-ready data: the shop's hidden facts and, if given, one run's labels. */
export function truthToJson(shop: Shop, run?: RunTruth): Record<string, unknown> {
  const shopPart = {
    seed: shop.seed,
    startDay: shop.startDay,
    latentDims: shop.truth.latentDims,
    personas: shop.truth.personas.map((p) => ({ name: p.name, labelZh: p.labelZh })),
    users: [...shop.truth.users.values()],
    items: [...shop.truth.items.values()],
  };
  if (!run) return shopPart;
  return {
    ...shopPart,
    run: {
      counts: run.counts,
      days: run.days,
      promotions: run.promotions,
      botUserIds: [...run.botUserIds],
      botSessionIds: [...run.botSessionIds],
      botEventIds: [...run.botEventIds],
      dirty: mapToObject(run.dirty),
      resent: mapToObject(run.resent),
      reviews: [...run.reviews.values()],
      searches: [...run.searches.values()],
      searchIntents: mapToObject(run.searchIntents),
      conversations: [...run.conversations.values()],
      customerTurnIntents: mapToObject(run.customerTurnIntents),
      demand: Object.fromEntries([...run.demand].map(([day, byItem]) => [day, mapToObject(byItem)])),
    },
  };
}
