import type { Dataset } from '../dataset.js';
import { leafName, quoted } from '../reasons.js';
import { topN } from '../top-n.js';
import type { Candidate, CandidateSource, RecContext } from '../types.js';
import { buildUserTopLists, storedTopList, type UserTopLists } from '../user-lists.js';
import { recentAnchors } from './history.js';

/** Content neighbours kept per item for "similar to what you viewed". */
const NEIGHBOURS = 100;

/**
 * Content: nearest items (content vectors, e.g. BERT from the vector store) to the user's taste
 * vector (weighted mean of what they engaged with) and to their last few items. Needs no
 * interactions on the candidate side, so a new item is recommendable on day one.
 */
export class ContentSource implements CandidateSource {
  readonly name = 'content' as const;
  /** Scratch for one request: −∞ everywhere between requests. */
  private readonly scores: Float32Array;
  private readonly via: Int32Array;
  /**
   * Each item's content neighbours, found on first use: row i of `nearItems` / `nearSims` (NEIGHBOURS
   * wide) holds `nearCount[i]` of them, −1 until found (0 for good without vectors, and no rows then). Flat
   * typed arrays so that a trained source crosses to another thread as a few buffers (a map of small arrays
   * took ~0.5 s to clone there).
   */
  private readonly nearCount: Int16Array;
  private readonly nearItems: Int32Array;
  private readonly nearSims: Float32Array;

  private readonly byTop: Int32Array[];
  /** Items of each mid-level category, and each item's one. */
  private readonly midLists: Int32Array[];
  private readonly byMid: Int32Array;
  /** Every trained user's nearest items to their taste, once `precompute` has run. */
  private lists?: UserTopLists;

  constructor(private readonly data: Dataset) {
    this.scores = new Float32Array(data.itemCount).fill(Number.NEGATIVE_INFINITY);
    this.via = new Int32Array(data.itemCount);
    this.nearCount = new Int16Array(data.itemCount).fill(data.dims > 0 ? -1 : 0);
    const rows = data.dims > 0 ? data.itemCount * NEIGHBOURS : 0;
    this.nearItems = new Int32Array(rows);
    this.nearSims = new Float32Array(rows);
    const lists: number[][] = data.topNames.map(() => []);
    for (let i = 0; i < data.itemCount; i++) lists[data.top[i]!]!.push(i);
    this.byTop = lists.map((l) => Int32Array.from(l));
    const mids = new Map<string, number[]>();
    for (let i = 0; i < data.itemCount; i++) {
      const key = data.items[i]!.category.slice(0, 2).join('/');
      mids.set(key, [...(mids.get(key) ?? []), i]);
    }
    this.byMid = Int32Array.from({ length: data.itemCount }, () => 0);
    this.midLists = [...mids.values()].map((l) => Int32Array.from(l));
    this.midLists.forEach((l, m) => {
      for (const i of l) this.byMid[i] = m;
    });
  }

  /** With `precompute`, every item's content neighbours are found now rather than on first request. */
  static train(data: Dataset, precompute = true): ContentSource {
    const source = new ContentSource(data);
    if (precompute && data.dims > 0) for (let i = 0; i < data.itemCount; i++) source.neighbours(i);
    return source;
  }

  /**
   * Finds every trained user's `n` nearest items to their taste now (their history, hence their
   * taste, is fixed until the next training), so a request only adds its page's neighbours.
   */
  precompute(n: number): void {
    if (this.data.dims === 0) return;
    this.lists = buildUserTopLists(this.data.userCount, n, new Float32Array(this.data.itemCount), (user, out) => {
      const taste = this.tasteVector({ user, now: this.data.now });
      if (taste) this.scoreTaste({ user, now: this.data.now }, taste, out);
      return taste !== undefined;
    });
  }

  /** Weighted mean of the user's recent items' vectors, normalised; undefined without history or vectors. */
  tasteVector(context: RecContext): Float32Array | undefined {
    const { dims, vectors } = this.data;
    if (dims === 0) return undefined;
    const anchors = recentAnchors(this.data, context, 50);
    if (anchors.length === 0) return undefined;
    const taste = new Float32Array(dims);
    for (const a of anchors)
      for (let d = 0; d < dims; d++) taste[d] = taste[d]! + a.weight * vectors[a.item * dims + d]!;
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += taste[d]! ** 2;
    if (norm === 0) return undefined;
    for (let d = 0; d < dims; d++) taste[d] = taste[d]! / Math.sqrt(norm);
    return taste;
  }

  /**
   * An item's nearest items by content within its mid-level category (the stand-in for the
   * vector store's ANN: one cell's items, not the catalog), cached after first use.
   */
  neighbours(item: number): { items: Int32Array; sims: Float32Array } {
    // Also false for an index past the catalog (undefined) or not an integer.
    if (!(this.nearCount[item]! >= -1)) throw new RangeError(`content neighbours: no item ${item}`);
    const row = item * NEIGHBOURS;
    if (this.nearCount[item]! < 0) {
      const { dims, vectors } = this.data;
      const pool = this.midLists[this.byMid[item]!]!;
      const sims = new Float32Array(pool.length);
      const at = item * dims;
      for (let k = 0; k < pool.length; k++) {
        const other = pool[k]! * dims;
        let s = 0;
        for (let d = 0; d < dims; d++) s += vectors[at + d]! * vectors[other + d]!;
        sims[k] = pool[k] === item ? Number.NEGATIVE_INFINITY : s;
      }
      const best = topN(sims, NEIGHBOURS);
      best.forEach((k, r) => {
        this.nearItems[row + r] = pool[k]!;
        this.nearSims[row + r] = sims[k]!;
      });
      this.nearCount[item] = best.length;
    }
    const end = row + this.nearCount[item]!;
    return { items: this.nearItems.subarray(row, end), sims: this.nearSims.subarray(row, end) };
  }

  candidates(context: RecContext, n: number): Candidate[] {
    const near = recentAnchors(this.data, context, 3).map((a) => a.item);
    if (context.currentItem !== undefined && context.currentItem >= 0) near.unshift(context.currentItem);
    const { scores, via } = this;
    const scored: number[] = [];
    const stored = storedTopList(this.lists, context.user, n);
    if (stored) {
      // Items past the user's stored top n score below all of them on taste, so they can only
      // make the list on a page neighbour's similarity, which is added below: the same top n.
      if (stored.length === 0) return [];
      for (const { item, score } of stored) {
        scores[item] = score;
        via[item] = -1;
      }
      scored.push(...stored.map((s) => s.item));
    } else {
      const taste = this.tasteVector(context);
      if (!taste) return [];
      this.scoreTaste(context, taste, scores, scored);
    }
    for (const a of near) {
      const { items, sims } = this.neighbours(a);
      items.forEach((i, r) => {
        const c = 0.95 * sims[r]!;
        if (!(c > scores[i]!)) return;
        if (scores[i] === Number.NEGATIVE_INFINITY) scored.push(i);
        scores[i] = c;
        via[i] = a;
      });
    }
    // In item order, so ties break as a scan of the catalog would.
    const order = Int32Array.from(scored).sort();
    const best = topN(
      Float32Array.from(order, (i) => scores[i]!),
      n,
    ).map((t) => order[t]!);
    const out = best.map((item) => {
      const anchor = via[item]!;
      const text =
        anchor >= 0
          ? `similar to ${quoted(this.data, anchor)} you viewed`
          : `matches your taste in ${leafName(this.data, item)}`;
      return { item, score: scores[item]!, reason: { source: this.name, text, ...(anchor >= 0 ? { anchor } : {}) } };
    });
    for (const i of scored) scores[i] = Number.NEGATIVE_INFINITY;
    return out;
  }

  /**
   * Taste scores of the top categories the user's recent items are in (an ANN index's probe of
   * a few cells), not the whole catalog; sets `via` to −1 for every item scored and lists it in `scored`.
   */
  private scoreTaste(context: RecContext, taste: Float32Array, scores: Float32Array, scored?: number[]): void {
    const { dims, vectors } = this.data;
    const tops = new Set(recentAnchors(this.data, context, 10).map((a) => this.data.top[a.item]!));
    for (const top of tops) {
      for (const i of this.byTop[top]!) {
        let s = 0;
        for (let d = 0, at = i * dims; d < dims; d++) s += taste[d]! * vectors[at + d]!;
        scores[i] = s;
        this.via[i] = -1;
        scored?.push(i);
      }
    }
  }
}
