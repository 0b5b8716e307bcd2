import type { RankedColumns } from './rules.js';
import type { Reason } from './types.js';

/**
 * A request's ranking after every filter, best first, in columns of its first `length` positions;
 * `at[p]` indexes what `reasons` and `fresh` read of position p.
 */
export interface Ranking extends RankedColumns {
  readonly items: Int32Array;
  readonly scores: Float64Array;
  readonly at: Int32Array;
  readonly length: number;
  reasons(at: number): Reason[];
  fresh(at: number): boolean;
  /** True when the pool may hold new arrivals below the ranking's last (a stored list keeps only a few). */
  freshCut?: boolean;
}

/**
 * The columns requests' rankings are written into, re-used from one request to the next (a
 * ranking is picked before the next is built) instead of an object per ranked item; grown when short.
 */
export class RankingColumns {
  items = new Int32Array(128);
  scores = new Float64Array(128);
  at = new Int32Array(128);

  /** Room for `size` positions (the arrays are new ones when they were shorter). */
  reserve(size: number): this {
    if (this.items.length < size) {
      this.items = new Int32Array(size);
      this.scores = new Float64Array(size);
      this.at = new Int32Array(size);
    }
    return this;
  }

  /** Position p of the ranking: its item, score and where its reasons are read. */
  put(p: number, item: number, score: number, at: number): void {
    this.items[p] = item;
    this.scores[p] = score;
    this.at[p] = at;
  }
}
