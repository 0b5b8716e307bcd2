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
}

/**
 * The columns requests' rankings are written into, re-used from one request to the next (a
 * ranking is picked before the next is built) instead of an object per ranked item; grown when short.
 */
export class RankingColumns implements RankedColumns {
  items = new Int32Array(128);
  scores = new Float64Array(128);
  at = new Int32Array(128);
  /** Positions written since `start`. */
  length = 0;

  /** Starts a new ranking of at most `size` positions (the arrays are new ones when they were shorter). */
  start(size: number): this {
    if (this.items.length < size) {
      this.items = new Int32Array(size);
      this.scores = new Float64Array(size);
      this.at = new Int32Array(size);
    }
    this.length = 0;
    return this;
  }

  /** The ranking's next position: its item, score and where its reasons are read. */
  push(item: number, score: number, at: number): void {
    const p = this.length++;
    this.items[p] = item;
    this.scores[p] = score;
    this.at[p] = at;
  }

  /** The ranking written since `start`, its reasons and new arrivals read through `at`. */
  ranking(reasons: Ranking['reasons'], fresh: Ranking['fresh']): Ranking {
    return { items: this.items, scores: this.scores, at: this.at, length: this.length, reasons, fresh };
  }
}
