import { Dataset, type DatasetOptions } from './dataset.js';
import { HybridRecommender } from './hybrid.js';
import { ndcgAt } from './metrics.js';
import { FEATURES, features } from './ranker/features.js';
import { FmRanker, type FmOptions } from './ranker/fm.js';
import { RankFusion, type Ranker } from './ranker/ranker.js';
import type { ServedOutcome } from './served.js';
import { SourceSet, type SourceSetOptions } from './source-set.js';
import type { Interaction, ItemInfo } from './types.js';

const DAY_MS = 86_400_000;

/** Ranker training rows grouped by request: a group's rows are one list, labels 1 = engaged with later. */
export interface RankingExamples {
  rows: Float32Array;
  labels: Uint8Array;
  /** Row offsets of each request's group. */
  groups: number[];
}

export interface RankerChoice {
  chosen: Ranker;
  /** Validation NDCG@10 of every candidate ranker (the choice is the best). */
  validation: { name: string; ndcg10: number }[];
}

/**
 * Trains logistic regression and a factorisation machine on ranking examples (from served lists
 * joined with later clicks, or from a time split of the history) and picks by validation NDCG@10,
 * beside the unlearnt rank fusion.
 */
export function chooseRanker(
  train: RankingExamples,
  valid: RankingExamples,
  fm: FmOptions = {},
  baselines: readonly Ranker[] = [new RankFusion()],
): RankerChoice {
  const candidates: Ranker[] = [
    ...baselines,
    FmRanker.train('logistic', train.rows, train.labels, { ...fm, factors: 0 }),
    FmRanker.train('fm', train.rows, train.labels, { factors: 4, ...fm }),
  ];
  const validation = candidates.map((r) => ({ name: r.name, ndcg10: groupNdcg(r, valid, 10) }));
  let best = 0;
  validation.forEach((v, i) => {
    if (v.ndcg10 > validation[best]!.ndcg10) best = i;
  });
  return { chosen: candidates[best]!, validation };
}

/** Mean NDCG@k over the groups that have a positive. */
export function groupNdcg(ranker: Ranker, ex: RankingExamples, k: number): number {
  const scores = ranker.score(ex.rows);
  let sum = 0;
  let groups = 0;
  for (let g = 0; g < ex.groups.length; g++) {
    const from = ex.groups[g]!;
    const to = ex.groups[g + 1] ?? ex.labels.length;
    const relevant = new Set<number>();
    for (let r = from; r < to; r++) if (ex.labels[r]) relevant.add(r);
    if (relevant.size === 0) continue;
    const order = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => scores[b]! - scores[a]!);
    sum += ndcgAt(order, relevant, k);
    groups++;
  }
  return groups > 0 ? sum / groups : 0;
}

export interface TrainOptions extends SourceSetOptions {
  dataset?: DatasetOptions;
  /** The history's last days serve as labels for the ranker. Default 14. */
  labelDays?: number;
  /** Most users whose lists train the ranker. Default 1500. */
  rankerUsers?: number;
  perSource?: number;
  fm?: FmOptions;
  /**
   * Served lists joined with what their shoppers did next (joinServedWithOutcomes). With at
   * least `minServedLists` of them served after the label split, to users known before it, the
   * warm ranker learns from them; otherwise from the history's own last `labelDays`.
   */
  served?: readonly ServedOutcome[];
  /** Default 200. */
  minServedLists?: number;
}

export interface TrainReport {
  ranker: RankerChoice;
  /** The ranker for cold-start lists (users with no history), chosen on cold users' examples. */
  coldRanker: RankerChoice;
  trainingRows: number;
  /** What the warm ranker's examples are: served lists with later clicks, or the history's last days. */
  rankerExamples: 'served_lists' | 'history';
}

/**
 * Before impression logs exist: sources are trained on the history up to `now − labelDays`,
 * their pooled candidates labelled by what each user did in the last `labelDays`, the ranker
 * learnt on that; then the sources are retrained on the whole history for serving.
 */
export function trainHybrid(
  items: readonly ItemInfo[],
  interactions: readonly Interaction[],
  now: number,
  options: TrainOptions = {},
): { recommender: HybridRecommender; report: TrainReport } {
  const split = now - (options.labelDays ?? 14) * DAY_MS;
  const past = new Dataset(items, interactions, split, options.dataset);
  const sourceOptions = { ...options, precomputed: options.precomputed ?? options.perSource };
  const pastSources = SourceSet.train(past, sourceOptions);
  const pastHybrid = new HybridRecommender(past, pastSources, new RankFusion(), options.perSource);
  const labels = new Map<string, Set<number>>();
  for (const e of interactions) {
    if (e.at < split || e.at >= now || e.kind === 'remove_from_cart') continue;
    const i = past.itemIndex.get(e.item);
    if (i === undefined) continue;
    const set = labels.get(e.user) ?? new Set<number>();
    set.add(i);
    labels.set(e.user, set);
  }
  const users = [...labels.keys()].sort((a, b) => hash(a) - hash(b));
  const known = users.filter((u) => past.userIndex.has(u)).slice(0, options.rankerUsers ?? 1500);
  const strangers = users.filter((u) => !past.userIndex.has(u)).slice(0, options.rankerUsers ?? 1500);
  const build = (part: string[]): RankingExamples => {
    const rows: Float32Array[] = [];
    const y: number[] = [];
    const groups: number[] = [];
    for (const id of part) {
      const context = { user: past.userIndex.get(id) ?? -1, now: split };
      const { pooled } = pastHybrid.score(context);
      groups.push(y.length);
      rows.push(features(past, context, pooled, pastSources.featureContext(context)));
      for (const p of pooled) y.push(labels.get(id)!.has(p.item) ? 1 : 0);
    }
    return flatten(rows, y, groups);
  };
  const fit = (part: string[], baselines: Ranker[]) => {
    const cut = Math.floor(part.length * 0.8);
    const train = build(part.slice(0, cut));
    return { choice: chooseRanker(train, build(part.slice(cut)), options.fm, baselines), rows: train.labels.length };
  };
  // Served lists after the split, from users the past sources know, each a group of the served
  // items the sources also proposed (features need their ranks), labelled by later engagement.
  const servedGroups = (options.served ?? []).filter((s) => s.at >= split && s.at < now && past.userIndex.has(s.user));
  const fromServed = (lists: readonly ServedOutcome[]): RankingExamples => {
    const rows: Float32Array[] = [];
    const y: number[] = [];
    const groups: number[] = [];
    for (const s of lists) {
      const context = { user: past.userIndex.get(s.user)!, now: s.at };
      const shown = new Set(s.items.map((id) => past.itemIndex.get(id)));
      const pooled = pastHybrid.score(context).pooled.filter((p) => shown.has(p.item));
      if (pooled.length === 0) continue;
      const engaged = new Set(s.engaged.map((id) => past.itemIndex.get(id)));
      groups.push(y.length);
      rows.push(features(past, context, pooled, pastSources.featureContext(context)));
      for (const p of pooled) y.push(engaged.has(p.item) ? 1 : 0);
    }
    return flatten(rows, y, groups);
  };
  const useServed = servedGroups.length >= (options.minServedLists ?? 200);
  const warm = useServed
    ? (() => {
        const cut = Math.floor(servedGroups.length * 0.8);
        const train = fromServed(servedGroups.slice(0, cut));
        const choice = chooseRanker(train, fromServed(servedGroups.slice(cut)), options.fm, [new RankFusion()]);
        return { choice, rows: train.labels.length };
      })()
    : fit(known, [new RankFusion()]);
  // Too few strangers in the window to learn from: keep the classic popular-first list.
  const cold =
    strangers.length >= 50
      ? fit(strangers, [RankFusion.popularFirst(), new RankFusion()]).choice
      : { chosen: RankFusion.popularFirst(), validation: [] };
  const data = new Dataset(items, interactions, now, options.dataset);
  const recommender = new HybridRecommender(
    data,
    SourceSet.train(data, sourceOptions),
    warm.choice.chosen,
    options.perSource,
    cold.chosen,
  );
  return {
    recommender,
    report: {
      ranker: warm.choice,
      coldRanker: cold,
      trainingRows: warm.rows,
      rankerExamples: useServed ? 'served_lists' : 'history',
    },
  };
}

function flatten(rows: readonly Float32Array[], y: readonly number[], groups: number[]): RankingExamples {
  const flat = new Float32Array(y.length * FEATURES);
  let at = 0;
  for (const r of rows) {
    flat.set(r, at);
    at += r.length;
  }
  return { rows: flat, labels: Uint8Array.from(y), groups };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
