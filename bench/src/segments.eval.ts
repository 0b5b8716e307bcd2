// eval/segments: profiles computed from a test-kit shop's event stream, segmented, and scored against the
// shop's hidden personas (adjusted Rand index), beside RFM-only and random segmentations of the same users.
import {
  adjustedRandIndex,
  buildPriceIndex,
  buildUserProfile,
  kMeans,
  SegmentModel,
  type UserProfile,
} from '@demand/segments';
import { SeededRandom, Standardizer } from '@demand/ml';
import { createShop } from '@demand/testkit';
import { printEval, progress } from './report.js';
import { tablesFromStream } from './segments-data.js';

const SHOP = { seed: Number(process.env.SEGMENTS_EVAL_SEED ?? 311), users: 3000, items: 800, days: 60 };
const MIN_EVENTS = 1;

const started = Date.now();
const shop = createShop({ seed: SHOP.seed, users: SHOP.users, items: SHOP.items });
const tables = tablesFromStream(shop.generateEvents({ days: SHOP.days, includeCatalog: true }), 32);
progress(`segments: ${tables.events} events of ${tables.eventsByUser.size} users, ${tables.items.size} items`);

const prices = buildPriceIndex(tables.items.values());
const lookup = (id: string) => tables.items.get(id);
const asOf = tables.last + 1;
const profiles: UserProfile[] = [];
for (const [userId, events] of tables.eventsByUser) {
  if (events.length < MIN_EVENTS) continue;
  profiles.push(buildUserProfile(userId, events, lookup, prices, { asOf, halfLifeDays: 120 }));
}
const personas = profiles.map((p) => shop.truth.personaOf(p.userId) ?? 'unknown');
progress(`segments: ${profiles.length} profiles (${Date.now() - started} ms)`);

const model = SegmentModel.fit(profiles, { kMin: 3, kMax: 12, seed: 7 });
const predicted = profiles.map((p) => model.predict(p));
const ari = adjustedRandIndex(predicted, personas);
const k = model.segments.length;
const atTrueK = SegmentModel.fit(profiles, { k: 7, seed: 7 });
progress(
  `segments: ARI at the true k=7 ${adjustedRandIndex(
    profiles.map((p) => atTrueK.predict(p)),
    personas,
  ).toFixed(3)}`,
);
progress(`segments: k=${k} by silhouette ${JSON.stringify(model.json.kScores.map((s) => s.silhouette.toFixed(3)))}`);
for (const s of model.segments) progress(`  #${s.id} ${s.description}`);

// Baseline 1: the same k-means at the same k on R, F and M alone.
const rfmRows = profiles.map((p) => [
  Math.log1p(Math.min(p.rfm.recencyDays, 180)),
  Math.log1p(p.rfm.frequency),
  Math.log1p(p.rfm.monetary),
]);
const rfmScaler = Standardizer.fit(rfmRows.map((r) => Float32Array.from(r)));
const rfmLabels = kMeans(
  rfmRows.map((r) => rfmScaler.transform(r)),
  { k, seed: 7 },
).labels;
const rfmAri = adjustedRandIndex([...rfmLabels], personas);
// Baseline 2: users dealt into k segments at random.
const random = new SeededRandom(7);
const randomAri = adjustedRandIndex(
  profiles.map(() => random.int(k)),
  personas,
);

progress(`segments: done in ${Date.now() - started} ms`);
printEval('segments', 'ARI', ari, rfmAri);
printEval('segments_rfm_only', 'ARI', rfmAri, randomAri);
printEval('segments_random', 'ARI', randomAri, 0);
