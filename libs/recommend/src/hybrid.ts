import type { Dataset } from './dataset.js';
import { features, type Pooled, pool } from './ranker/features.js';
import type { Ranker } from './ranker/ranker.js';
import { type FullPathReason, type ListUse, RankedLists } from './ranked-lists.js';
import { type Ranking, RankingColumns } from './ranking-columns.js';
import { type DiversityOptions, diversify, diversityWindow, type Filters, passesFilters } from './rules.js';
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

/** The eligible pool of one request (stock, not bought, not the page's item), scored, best first. */
export interface ScoredPool {
  pooled: Pooled[];
  scores: Float64Array;
  order: number[];
}

/** Candidates from every source → learned ranker → business rules and diversity → items with reasons. */
export class HybridRecommender {
  /** Users' ranked pools computed ahead of requests (see `rankUsers`); none until then. */
  lists: RankedLists | undefined;
  private readonly columns = new RankingColumns();

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

  /**
   * Pools the candidates, keeps the eligible ones (in stock, not bought unless due for
   * replenishment, not bought since training whatever the reason, not the page's item) and scores them. The caller's filters apply after
   * scoring, so an item's score does not depend on them (the in-list features are standardised
   * over the eligible pool, as in training) and a stored pool serves any filter.
   */
  score(context: RecContext): ScoredPool {
    const bought = this.data.purchased(context.user);
    // The replenishment source knows only the trained purchases: an item re-bought since is not running low.
    const liveBought = new Set(context.live?.bought);
    const pooled = pool(this.gather(context)).filter(
      (p) =>
        p.item !== context.currentItem &&
        passesFilters(this.data, p.item, NO_FILTERS) &&
        !liveBought.has(p.item) &&
        (!bought.has(p.item) || p.reasons.some((r) => r.source === 'replenish')),
    );
    const rows = features(this.data, context, pooled, this.sources.featureContext(context));
    const cold = context.user < 0 && !context.recentItems?.length;
    const scores = (cold ? this.coldRanker : this.ranker).score(rows);
    const order = [...pooled.keys()].sort((a, b) => scores[b]! - scores[a]!);
    return { pooled, scores, order };
  }

  /**
   * Scores every known user's pool for a request at `now` without page item, session or
   * filters, and keeps the best `length` items of each: requests of those users then filter,
   * diversify and word reasons over the stored list. Lists older than `maxAgeMs`, or than their
   * user's live history's change stamp (`RecContext.live`), are scored again by the next request of their user.
   */
  rankUsers(now: number, length: number, maxAgeMs: number): RankedLists {
    const lists = this.emptyLists(length, maxAgeMs);
    for (let u = 0; u < this.data.userCount; u++) this.storeRanking(lists, u, now, this.score({ user: u, now }));
    lists.trim();
    this.lists = lists;
    return lists;
  }

  /**
   * Room for every known user's list of the best `length` items, with all of the pool's new
   * arrivals below them: a pool holds at most `perSource` (the new-arrival source's list), so
   * whatever a request's filters, its new-arrival slot finds in the list what the full path would.
   */
  emptyLists(length: number, maxAgeMs: number): RankedLists {
    return new RankedLists(this.data.userCount, length, maxAgeMs, this.perSource);
  }

  /**
   * Scores again, off the request path, up to `budget` users whose stored lists were read since
   * they were scored and are past half their age limit at `now`, the oldest first (a list no one
   * reads is left to age out; a user without one is left to their first request); returns how
   * many it scored. A list scored with live events is left to its user's next request too: scored
   * here, without them, it would only answer until that request.
   */
  refreshLists(now: number, budget: number): number {
    const { lists } = this;
    if (!lists) return 0;
    let done = 0;
    while (done < budget) {
      const u = lists.due(now);
      if (u < 0) break;
      if (lists.eventsUpTo[u]! >= this.data.now) continue;
      this.storeRanking(lists, u, now, this.score({ user: u, now }));
      done++;
    }
    return done;
  }

  /** One request's list; `use` counts whether a stored list answered it, when lists are kept. */
  recommend(request: RecommendRequest, use?: ListUse): RecommendResult {
    const { context } = request;
    const coldStart = context.user < 0 && !context.recentItems?.length;
    const stored = this.storedRanking(request);
    if (typeof stored === 'object') {
      this.lists!.served(context.user); // only a list that answers is worth scoring again
      if (use) use.served++;
      return { items: this.pick(stored, request), coldStart };
    }
    if (use && stored) use.scoredFor[stored]++;
    return { items: this.pick(this.fullRanking(request, stored), request), coldStart };
  }

  /**
   * The request's ranking from its user's stored list; why the list cannot give it, for a request
   * a list would answer; undefined for any other request, or without lists.
   */
  private storedRanking(request: RecommendRequest): Ranking | FullPathReason | undefined {
    const { context, filters = NO_FILTERS } = request;
    const { lists } = this;
    if (!lists || !servedFromList(context)) return undefined;
    const u = context.user;
    const unreadable = lists.unreadable(u, context.now, context.live?.changedAt);
    if (unreadable) return unreadable;
    const row = u * lists.width;
    const { items, scores } = lists.rows;
    const topEnd = row + lists.top[u]!;
    const columns = this.columns.start(lists.width);
    let fromTop = 0;
    for (let slot = row; slot < row + lists.width; slot++) {
      const item = items[slot]!;
      if (item < 0) break;
      if (!passesFilters(this.data, item, filters)) continue;
      columns.push(item, scores[slot]!, slot);
      if (slot < topEnd) fromTop++;
    }
    // The list is built from the first `diversityWindow` ranked items: they must all come from the stored top.
    if (!lists.complete[u] && fromTop < diversityWindow(request.count)) return 'short_for_filters';
    return columns.ranking(
      (slot) => lists.reasonsOf(u, slot),
      (slot) => lists.fresh[slot] === 1,
    );
  }

  /**
   * The request's ranking from all sources; a known user's pool is stored on the way when their
   * stored list could not answer because it is missing, too old or older than their newest live
   * event (`listMissed`; not when it was only too short for the filters).
   */
  private fullRanking(request: RecommendRequest, listMissed?: FullPathReason): Ranking {
    const { context, filters = NO_FILTERS } = request;
    const scored = this.score(context);
    const { pooled, scores, order } = scored;
    const { lists } = this;
    if (lists && listMissed && listMissed !== 'short_for_filters')
      this.storeRanking(lists, context.user, context.now, scored, context.live?.changedAt);
    const columns = this.columns.start(order.length);
    for (const p of order)
      if (passesFilters(this.data, pooled[p]!.item, filters)) columns.push(pooled[p]!.item, scores[p]!, p);
    return columns.ranking(
      (p) => strongestFirst(pooled[p]!),
      (p) => isFresh(pooled[p]!),
    );
  }

  /** Stores a pool scored with the training data and live events up to `liveUpTo` (epoch ms), when any. */
  private storeRanking(
    lists: RankedLists,
    u: number,
    now: number,
    { pooled, scores, order }: ScoredPool,
    liveUpTo = Number.NEGATIVE_INFINITY,
  ): void {
    const top = Math.min(order.length, lists.length);
    const freshBelow = order.slice(top).filter((p) => isFresh(pooled[p]!));
    // The new-arrival source gives a pool at most `perSource`: a list holding all of them answers any filters' slot.
    if (freshBelow.length > lists.freshBelowTop)
      throw new RangeError(
        `HybridRecommender: user ${u}'s pool has ${freshBelow.length} new arrivals below its top, ` +
          `more than the ${lists.freshBelowTop} its list keeps room for`,
      );
    const kept = [...order.slice(0, top), ...freshBelow];
    const ranked = kept.map((p) => ({ item: pooled[p]!.item, score: scores[p]!, reasons: strongestFirst(pooled[p]!) }));
    lists.store(u, now, ranked, top, {
      complete: kept.length === order.length,
      // The training data holds the user's events before `data.now`.
      eventsUpTo: Math.max(this.data.now - 1, liveUpTo),
    });
  }

  /** Diversity, the new-arrival slot and reasons over a ranking. */
  private pick(ranking: Ranking, request: RecommendRequest): Recommended[] {
    const { count } = request;
    const picked = diversify(this.data, ranking, count, request.diversity);
    this.keepFreshSlots(ranking, picked, request.newItemSlots ?? 1, count);
    return this.recommended(ranking, picked);
  }

  /** The ranking's positions `picked`, in that order, as recommended items with their reasons. */
  private recommended(ranking: Ranking, picked: readonly number[]): Recommended[] {
    return picked.map((p) => {
      const item = ranking.items[p]!;
      return {
        item,
        id: this.data.items[item]!.id,
        score: ranking.scores[p]!,
        reasons: ranking.reasons(ranking.at[p]!),
      };
    });
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
    const scores = Float64Array.from(pooled, (p) => p.ranks.reduce((sum, r) => sum + r, 0));
    const columns = this.columns.start(pooled.length);
    for (const p of [...pooled.keys()].sort((a, b) => scores[b]! - scores[a]!))
      columns.push(pooled[p]!.item, scores[p]!, p);
    const ranking = columns.ranking(
      (p) => pooled[p]!.reasons,
      () => false,
    );
    return this.recommended(ranking, diversify(this.data, ranking, count, diversity));
  }

  /**
   * Puts the best-ranked new arrivals in place of the last picks until `slots` of the list are new
   * (or the ranking has no more).
   */
  private keepFreshSlots(ranking: Ranking, picked: number[], slots: number, count: number): void {
    const fresh = (at: number) => ranking.fresh(ranking.at[at]!);
    let have = 0;
    for (const at of picked) if (fresh(at)) have++;
    if (have >= slots) return;
    const chosen = new Set(picked);
    for (let at = 0; at < ranking.length && have < slots; at++) {
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

const NO_FILTERS: Filters = {};

/** A known user's request without page item or session: what a stored list answers. */
function servedFromList(context: RecContext): boolean {
  const pageItem = context.currentItem !== undefined && context.currentItem >= 0;
  return context.user >= 0 && !pageItem && !context.recentItems?.length;
}

function isFresh(p: Pooled): boolean {
  return p.reasons.some((r) => r.source === 'new_arrivals');
}

/** The item's reasons, the source that ranked it highest first. */
function strongestFirst(p: Pooled): Reason[] {
  return [...p.reasons].sort((a, b) => p.ranks[SOURCE_INDEX.get(b.source)!]! - p.ranks[SOURCE_INDEX.get(a.source)!]!);
}
