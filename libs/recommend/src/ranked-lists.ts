import type { Reason } from './types.js';

/** One ranked item of a user's pool, with its reasons strongest first. */
export interface RankedItem {
  item: number;
  score: number;
  reasons: readonly Reason[];
}

/**
 * A user's stored ranking, scored at `at`: the best `top` items of the eligible pool (stock, not
 * bought), then the first few of the pool's new arrivals ranked below them (a list's new-arrival
 * slot may reach down to them), best first.
 */
export interface StoredRanking {
  /** Epoch ms the list was scored at (the request time it is exact for). */
  at: number;
  top: number;
  /** Whether the list holds the whole pool. */
  complete: boolean;
  /** Whether the pool held more new arrivals below the top than the list keeps. */
  freshCut: boolean;
  items: Int32Array;
  scores: Float64Array;
  /** Entry k's reasons are `reasonIds[reasonAt[k] .. reasonAt[k + 1])`, indices into the shared reasons. */
  reasonAt: Int32Array;
  reasonIds: Int32Array;
  /** 1 where the entry is a new arrival (one of its reasons is `new_arrivals`'). */
  fresh: Uint8Array;
}

/**
 * Every known user's ranked pool as the full path scores it for a request without page item or
 * filters (Gorse's offline lists): serving filters, diversifies and words reasons over it. A list
 * belongs to one trained model and ranker (it is a field of that recommender), scored at one
 * time; a list older than `maxAgeMs` is not served from, and is replaced by the next full score
 * of that user. Reasons are interned once for all users (the same words recur across lists).
 * Plain fields, typed arrays and a map, so the lists travel with the model by structured clone.
 */
export class RankedLists {
  readonly lists: (StoredRanking | undefined)[] = [];
  readonly reasons: Reason[] = [];
  /**
   * Requests answered from a stored list, known users' requests scored in full (list missing,
   * stale or short), and lists scored again off the request path (`refreshed`).
   */
  readonly counts = { served: 0, scored: 0, refreshed: 0 };
  /** The user the next refresh starts from (refreshes go round the users). */
  cursor = 0;
  /** No list is past half its age limit before this time (epoch ms; refreshes skip until then). */
  nextAgeing = 0;
  private readonly reasonIndex = new Map<string, number>();

  constructor(
    /** Most items kept per user (the best of the pool). */
    readonly length: number,
    readonly maxAgeMs: number,
  ) {}

  /** User u's list when it is fresh enough at `now`; undefined = score it in full. */
  read(u: number, now: number): StoredRanking | undefined {
    const list = this.lists[u];
    if (!list || now < list.at || now - list.at > this.maxAgeMs) return undefined;
    return list;
  }

  /**
   * Stores user u's ranking as scored at `at`: the best `top` of the eligible pool, then some of
   * its new arrivals below those; `complete` when that is all of the pool, `freshCut` when the
   * pool held more new arrivals below the top.
   */
  store(
    u: number,
    at: number,
    ranked: readonly RankedItem[],
    top: number,
    cut: Pick<StoredRanking, 'complete' | 'freshCut'>,
  ): void {
    const n = ranked.length;
    let reasonCount = 0;
    for (let k = 0; k < n; k++) reasonCount += ranked[k]!.reasons.length;
    const list: StoredRanking = {
      at,
      top,
      ...cut,
      items: new Int32Array(n),
      scores: new Float64Array(n),
      reasonAt: new Int32Array(n + 1),
      reasonIds: new Int32Array(reasonCount),
      fresh: new Uint8Array(n),
    };
    let r = 0;
    for (let k = 0; k < n; k++) {
      const { item, score, reasons } = ranked[k]!;
      list.items[k] = item;
      list.scores[k] = score;
      for (const reason of reasons) {
        list.reasonIds[r++] = this.intern(reason);
        if (reason.source === 'new_arrivals') list.fresh[k] = 1;
      }
      list.reasonAt[k + 1] = r;
    }
    this.lists[u] = list;
    this.nextAgeing = Math.min(this.nextAgeing, at + this.maxAgeMs / 2);
  }

  /** Whether user u has a list older than half the age limit at `now`: one to score again before it expires. */
  ageing(u: number, now: number): boolean {
    const list = this.lists[u];
    return list !== undefined && now - list.at > this.maxAgeMs / 2;
  }

  /** When the oldest list was scored (Infinity for none). */
  oldest(): number {
    let at = Number.POSITIVE_INFINITY;
    for (const list of this.lists) if (list && list.at < at) at = list.at;
    return at;
  }

  /** Entry k's reasons, strongest first. */
  reasonsOf(list: StoredRanking, k: number): Reason[] {
    const out: Reason[] = [];
    for (let r = list.reasonAt[k]!; r < list.reasonAt[k + 1]!; r++) out.push(this.reasons[list.reasonIds[r]!]!);
    return out;
  }

  /** Users with a list, and the bytes their lists take (typed arrays only; the shared reasons aside). */
  size(): { users: number; bytes: number } {
    let users = 0;
    let bytes = 0;
    for (const list of this.lists) {
      if (!list) continue;
      users++;
      for (const array of [list.items, list.scores, list.reasonAt, list.reasonIds, list.fresh])
        bytes += array.byteLength;
    }
    return { users, bytes };
  }

  private intern(reason: Reason): number {
    const key = `${reason.source}\u0000${reason.anchor ?? ''}\u0000${reason.text}`;
    let id = this.reasonIndex.get(key);
    if (id === undefined) {
      id = this.reasons.push(reason) - 1;
      this.reasonIndex.set(key, id);
    }
    return id;
  }
}
