import type { Dataset } from './dataset.js';
import { features, type Pooled, pool } from './ranker/features.js';
import type { Ranker } from './ranker/ranker.js';
import { type DiversityOptions, diversify, type Filters, passesFilters } from './rules.js';
import type { SourceSet } from './source-set.js';
import { SOURCE_NAMES, type Candidate, type Reason, type RecContext, type SourceName } from './types.js';

const SIMILAR_SOURCES = new Set<SourceName>(['item_cf', 'session', 'content', 'als']);
const SOURCE_INDEX = new Map(SOURCE_NAMES.map((s, i) => [s, i]));

export interface RecommendRequest {
  context: RecContext;
  count: number;
  filters?: Filters;
  diversity?: DiversityOptions;
  /** Slots kept for the best new arrival the sources found (cold-start items get seen). Default 1. */
  newItemSlots?: number;
}

export interface Recommended {
  item: number;
  id: string;
  score: number;
  /** Every source's reason, the strongest first. */
  reasons: Reason[];
}

export interface RecommendResult {
  items: Recommended[];
  /** True when nothing was known about the user (no history, no session): a cold-start list. */
  coldStart: boolean;
}

/** The eligible, scored pool of one request, best first. */
export interface ScoredPool {
  pooled: Pooled[];
  scores: Float64Array;
  order: number[];
}

/** Candidates from every source → learned ranker → business rules and diversity → items with reasons. */
export class HybridRecommender {
  constructor(
    readonly data: Dataset,
    readonly sources: SourceSet,
    readonly ranker: Ranker,
    readonly perSource = 40,
    /** Ranks cold-start lists (no history, no session); the main ranker when not given. */
    readonly coldRanker: Ranker = ranker,
  ) {}

  /** The sources' lists for one request. */
  gather(context: RecContext): Map<SourceName, Candidate[]> {
    const lists = new Map<SourceName, Candidate[]>();
    for (const s of this.sources.list) lists.set(s.name, s.candidates(context, this.perSource));
    return lists;
  }

  /** Pools, filters (stock, bought, caller's filters) and scores the candidates. */
  score(context: RecContext, filters: Filters = {}): ScoredPool {
    const bought = this.data.purchased(context.user);
    const pooled = pool(this.gather(context)).filter(
      (p) =>
        p.item !== context.currentItem &&
        passesFilters(this.data, p.item, filters) &&
        (!bought.has(p.item) || p.reasons.some((r) => r.source === 'replenish')),
    );
    const rows = features(this.data, context, pooled, this.sources.featureContext(context));
    const cold = context.user < 0 && !context.recentItems?.length;
    const scores = (cold ? this.coldRanker : this.ranker).score(rows);
    const order = [...pooled.keys()].sort((a, b) => scores[b]! - scores[a]!);
    return { pooled, scores, order };
  }

  recommend(request: RecommendRequest): RecommendResult {
    const { context } = request;
    const coldStart = context.user < 0 && !context.recentItems?.length;
    const { pooled, scores, order } = this.score(context, request.filters);
    const ranked = order.map((p) => ({ item: pooled[p]!.item, score: scores[p]!, p }));
    const picked = diversify(this.data, ranked, request.count, request.diversity);
    this.keepFreshSlots(ranked, pooled, picked, request.newItemSlots ?? 1, request.count);
    const items = picked.map((at) => {
      const { item, score, p } = ranked[at]!;
      const ranks = pooled[p]!.ranks;
      const reasons = [...pooled[p]!.reasons].sort(
        (a, b) => ranks[SOURCE_INDEX.get(b.source)!]! - ranks[SOURCE_INDEX.get(a.source)!]!,
      );
      return { item, id: this.data.items[item]!.id, score, reasons };
    });
    return { items, coldStart };
  }

  /**
   * Items like one item: co-viewed and co-bought (item-CF), viewed next (session), similar
   * content and ALS fold-in from the item alone, fused by rank, filtered and diversified.
   */
  similarItems(item: number, count: number, filters: Filters = {}, diversity?: DiversityOptions): Recommended[] {
    const context: RecContext = { user: -1, now: this.data.now, currentItem: item, recentItems: [item] };
    const lists = new Map<SourceName, Candidate[]>();
    for (const s of this.sources.list)
      if (SIMILAR_SOURCES.has(s.name)) lists.set(s.name, s.candidates(context, this.perSource));
    const pooled = pool(lists).filter((p) => p.item !== item && passesFilters(this.data, p.item, filters));
    const score = (p: Pooled) => p.ranks.reduce((sum, r) => sum + r, 0);
    const ranked = pooled.map((p, at) => ({ item: p.item, score: score(p), p: at })).sort((a, b) => b.score - a.score);
    return diversify(this.data, ranked, count, diversity).map((at) => {
      const { item: found, score: s, p } = ranked[at]!;
      return { item: found, id: this.data.items[found]!.id, score: s, reasons: pooled[p]!.reasons };
    });
  }

  /** Puts the best-ranked new arrivals in place of the last picks until `slots` of the list are new. */
  private keepFreshSlots(
    ranked: readonly { p: number }[],
    pooled: readonly Pooled[],
    picked: number[],
    slots: number,
    count: number,
  ): void {
    const fresh = (at: number) => pooled[ranked[at]!.p]!.reasons.some((r) => r.source === 'new_arrivals');
    let have = picked.filter(fresh).length;
    if (have >= slots) return;
    const chosen = new Set(picked);
    for (let at = 0; at < ranked.length && have < slots; at++) {
      if (chosen.has(at) || !fresh(at)) continue;
      if (picked.length < count) picked.push(at);
      else {
        let last = picked.length - 1;
        while (last >= 0 && fresh(picked[last]!)) last--;
        if (last < 0) return;
        picked[last] = at;
      }
      have++;
    }
  }
}
