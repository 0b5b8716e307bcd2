// eval/segments: profiles computed from a test-kit shop's event stream (the same pure functions the
// aggregator calls), segmented with automatic k, and scored against the shop's hidden personas with the
// adjusted Rand index, beside RFM-only and random segmentations of the same users. The segmentation's
// defaults were tuned on other shops (seeds 5, 6, 8: SEGMENTS_EVAL_SEED); this one (seed 311) is only scored.
import { MlpClassifier, pick, SeededRandom, SoftmaxRegression, Standardizer, stratifiedSplit } from '@demand/ml';
import {
  adjustedRandIndex,
  buildPriceIndex,
  buildUserProfile,
  kMeans,
  SegmentModel,
  type SegmentationOptions,
  type UserProfile,
} from '@demand/segments';
import { createShop } from '@demand/testkit';
import { cpuMicros, printEval, progress } from './report.js';
import { tablesFromStream } from './segments-data.js';

const SHOP = { seed: Number(process.env.SEGMENTS_EVAL_SEED ?? 311), users: 3000, items: 800, days: 90 };
const PERSONA_COUNT = 7;

const started = Date.now();
const shop = createShop({ seed: SHOP.seed, users: SHOP.users, items: SHOP.items });
const tables = tablesFromStream(shop.generateEvents({ days: SHOP.days, includeCatalog: true }), 32);
progress(`segments: ${tables.events} events of ${tables.eventsByUser.size} users, ${tables.items.size} items`);

const prices = buildPriceIndex(tables.items.values());
const lookup = (id: string) => tables.items.get(id);
const asOf = tables.last + 1;
const profiles: UserProfile[] = [...tables.eventsByUser].map(([userId, events]) =>
  buildUserProfile(userId, events, lookup, prices, { asOf, halfLifeDays: 120 }),
);
const personas = profiles.map((p) => shop.truth.personaOf(p.userId) ?? 'unknown');
progress(`segments: ${profiles.length} profiles (${Date.now() - started} ms)`);

/** A fit, its ARI against the personas and the CPU it took. */
const fitted = (options: SegmentationOptions) => {
  const cpu = cpuMicros();
  const fit = SegmentModel.fit(profiles, options);
  const cpuMs = cpu() / 1000;
  return {
    model: fit,
    cpuMs,
    ari: adjustedRandIndex(
      profiles.map((p) => fit.predict(p)),
      personas,
    ),
  };
};
const fixedFits = new Map<number, ReturnType<typeof fitted>>();
const atK = (fixedK: number) => {
  if (!fixedFits.has(fixedK)) fixedFits.set(fixedK, fitted({ k: fixedK, seed: 7 }));
  return fixedFits.get(fixedK)!;
};
const search = { kMin: 3, kMax: 12, seed: 7 };
// First, so the code is warm before the timed searches below (their CPU is compared).
const atTrueK = atK(PERSONA_COUNT);
const byGap = fitted(search);
const model = byGap.model;
const ari = byGap.ari;
const k = model.segments.length;
const kScores = model.json.kScores.map((s) => `${s.k}:${s.gap?.toFixed(3)}±${s.gapStandardError?.toFixed(3)}`);
progress(`segments: k=${k} chosen by the gap statistic (${kScores.join(' ')})`);
for (const s of model.segments) progress(`  #${s.id} ${s.description}`);
const bySilhouette = fitted({ ...search, kChoice: 'silhouette' });
const silhouetteK = bySilhouette.model.segments.length;
const silhouettes = bySilhouette.model.json.kScores.map((s) => `${s.k}:${s.silhouette?.toFixed(3)}`);
progress(`segments: the best silhouette picks k=${silhouetteK} (${silhouettes.join(' ')})`);
progress(`segments: ARI with k fixed at the true ${PERSONA_COUNT}: ${atTrueK.ari.toFixed(3)}`);
progress(`segments: ARI at the silhouette's k=${silhouetteK}: ${bySilhouette.ari.toFixed(3)}`);
// The final fit without the learnt metric (plain k-means on the same rows, at the same k), for comparison.
const plain = fitted({ k, seed: 7, clustering: 'kmeans' });
progress(`segments: plain k-means at k=${k} (no learnt metric): ARI ${plain.ari.toFixed(3)}`);
// The method before the per-feature power transform: the same search on the standardised features as they are.
const untransformed = fitted({ ...search, featureTransform: 'none' });
progress(
  `segments: without the power transform: ARI ${untransformed.ari.toFixed(3)} ` +
    `(k=${untransformed.model.segments.length} by the gap, ${untransformed.cpuMs.toFixed(0)} ms CPU)`,
);
// The k search's own CPU: the whole fit minus a fit with k fixed at the k it chose (the same final fit).
const gapSearchMs = byGap.cpuMs - atK(k).cpuMs;
const silhouetteSearchMs = bySilhouette.cpuMs - atK(silhouetteK).cpuMs;
progress(
  `segments: k search CPU (k ${search.kMin}..${search.kMax}): gap ${gapSearchMs.toFixed(0)} ms, ` +
    `silhouette ${silhouetteSearchMs.toFixed(0)} ms (${(gapSearchMs / silhouetteSearchMs).toFixed(2)}×); ` +
    `whole fits ${byGap.cpuMs.toFixed(0)} / ${bySilhouette.cpuMs.toFixed(0)} ms`,
);

// How separable the personas are in these features at all: a supervised classifier on the same rows,
// trained on 70 % of the users with their true personas, scored on the rest. Unsupervised segments
// cannot be expected to beat it.
const rows = profiles.map((p) => Float32Array.from(model.encode(p)));
const names = [...new Set(personas)].sort();
const y = personas.map((p) => names.indexOf(p));
const split = stratifiedSplit(y, { test: 0.3, seed: 7 });
const supervised = SoftmaxRegression.fit(pick(rows, split.train), pick(y, split.train), { classNames: names, seed: 7 });
const ceiling = adjustedRandIndex(
  pick(rows, split.test).map((x) => supervised.predict(x)),
  pick(y, split.test),
);
progress(`segments: supervised ceiling (persona classifier on the same features, held-out ARI): ${ceiling.toFixed(3)}`);
// The same with a non-linear classifier (one hidden layer), in case the personas part along curved boundaries.
const mlp = MlpClassifier.fit(pick(rows, split.train), pick(y, split.train), { hidden: 32, seed: 7 });
const mlpCeiling = adjustedRandIndex(
  pick(rows, split.test).map((x) => mlp.predict(x)),
  pick(y, split.test),
);
progress(`segments: supervised ceiling, one-hidden-layer classifier (held-out ARI): ${mlpCeiling.toFixed(3)}`);

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
// What a classifier that was shown the true personas reaches on the same features (held-out users), beside the
// segments: the goal (0.8) is only within reach where this is above it.
printEval('segments_supervised_ceiling', 'ARI', Math.max(ceiling, mlpCeiling), ari);
