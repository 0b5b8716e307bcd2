import { HybridRecommender, joinServedWithOutcomes, RankFusion, trainHybrid } from '@demand/recommend';
import type { TrainingData } from '../ports/training-data.port.js';
import { ColdList } from './cold-list.js';
import type { ServingModel, TrainedModel } from './recommend-service.js';

/** The offline figures of one training run, for logs and the model's record. */
export interface TrainMetrics {
  interactions: number;
  users: number;
  items: number;
  /** Validation NDCG@10 of each candidate ranker (warm users), when a model was trained. */
  rankerNdcg10?: Record<string, number>;
  coldRankerNdcg10?: Record<string, number>;
  trainingRows?: number;
  /** What the warm ranker learnt from: served lists joined with later clicks, or the history itself. */
  rankerExamples?: 'served_lists' | 'history';
  /** Served lists in the window (logged by this service). */
  servedLists?: number;
  /** The learned arm's per-user ranked lists: users, bytes of their arrays, milliseconds to score them all. */
  rankedLists?: { users: number; bytes: number; ms: number };
}

/** Per-user ranked lists kept with each trained model (see RankedLists). */
export interface RankedListOptions {
  /** Best items kept per user; 0 = none (every request scored in full). */
  length: number;
  /** A list older than this is not served from: scored again by its user's next request. */
  maxAgeMs: number;
  /** Lists past half that age scored again a second, off the request path, per serving model and arm; 0 = none. */
  refreshPerSecond: number;
}

/** The list options with the serving clock (epoch ms), which stamps the lists a training run stores. */
export type RankedListSettings = RankedListOptions & { clock: () => number };

/** The options a training run starting now takes (plain values, to go to a worker thread). */
export function listsFromNow(
  settings: RankedListSettings | undefined,
): (RankedListOptions & { now: number }) | undefined {
  if (!settings) return undefined;
  const { clock, ...options } = settings;
  return { ...options, now: clock() };
}

/** A click, cart or purchase of a served item this long after the list counts as its outcome. */
export const ATTRIBUTION_MS = 24 * 3_600_000;

function counts(data: TrainingData): TrainMetrics {
  const users = new Set(data.interactions.map((e) => e.user)).size;
  return { interactions: data.interactions.length, users, items: data.items.length };
}

/** The cold list of the data: what serves while the history is too short to train on. Cheap. */
export function coldModel(data: TrainingData): TrainedModel {
  const versions = { data: data.window, ranker: `cold_popular@${data.window}` };
  return {
    model: { kind: 'cold', cold: ColdList.build(data.items, data.interactions), versions },
    metrics: counts(data),
  };
}

/**
 * Every source and the ranker trained on the data; the fusion arm shares the sources. With
 * `lists`, every known user's pool is then scored for the learned arm as a request at `now` (the
 * serving clock's time: the lists are stamped with it and served while the serving clock says they
 * are young enough; the fusion arm's lists fill as its users ask).
 */
export function trainServingModel(data: TrainingData, lists?: RankedListOptions & { now: number }): TrainedModel {
  const base = counts(data);
  const served = joinServedWithOutcomes(data.served ?? [], data.interactions, ATTRIBUTION_MS);
  const { recommender, report } = trainHybrid(data.items, data.interactions, data.now, { served });
  const fusion = new HybridRecommender(
    recommender.data,
    recommender.sources,
    new RankFusion(),
    recommender.perSource,
    recommender.coldRanker,
  );
  const model: ServingModel = {
    kind: 'trained',
    learned: recommender,
    fusion,
    versions: {
      data: data.window,
      als: `implicit_als-k${recommender.sources.als.model.k}@${data.window}`,
      ranker: `${report.ranker.chosen.name}@${data.window}`,
      cold_ranker: `${report.coldRanker.chosen.name}@${data.window}`,
    },
  };
  let rankedLists: TrainMetrics['rankedLists'];
  if (lists && lists.length > 0) {
    const started = performance.now();
    const stored = recommender.rankUsers(lists.now, lists.length, lists.maxAgeMs);
    fusion.lists = fusion.emptyLists(lists.length, lists.maxAgeMs);
    rankedLists = { ...stored.size(), ms: Math.round(performance.now() - started) };
  }
  const ndcg = (v: { name: string; ndcg10: number }[]) => Object.fromEntries(v.map((x) => [x.name, x.ndcg10]));
  return {
    model,
    metrics: {
      ...base,
      rankerNdcg10: ndcg(report.ranker.validation),
      coldRankerNdcg10: ndcg(report.coldRanker.validation),
      trainingRows: report.trainingRows,
      rankerExamples: report.rankerExamples,
      servedLists: served.length,
      ...(rankedLists ? { rankedLists } : {}),
    },
  };
}
