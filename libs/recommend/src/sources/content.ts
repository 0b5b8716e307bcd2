import type { Dataset } from '../dataset.js';
import { leafName, quoted } from '../reasons.js';
import { topN } from '../top-n.js';
import type { Candidate, CandidateSource, RecContext } from '../types.js';
import { recentAnchors } from './history.js';

/**
 * Content: nearest items (content vectors, e.g. BERT from the vector store) to the user's taste
 * vector (weighted mean of what they engaged with) and to their last few items. Needs no
 * interactions on the candidate side, so a new item is recommendable on day one.
 */
export class ContentSource implements CandidateSource {
  readonly name = 'content' as const;
  private readonly scores: Float32Array;
  private readonly via: Int32Array;

  constructor(private readonly data: Dataset) {
    this.scores = new Float32Array(data.itemCount);
    this.via = new Int32Array(data.itemCount);
  }

  static train(data: Dataset): ContentSource {
    return new ContentSource(data);
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

  candidates(context: RecContext, n: number): Candidate[] {
    const { dims, vectors, itemCount } = this.data;
    const taste = this.tasteVector(context);
    if (!taste) return [];
    const near = recentAnchors(this.data, context, 3).map((a) => a.item);
    if (context.currentItem !== undefined && context.currentItem >= 0) near.unshift(context.currentItem);
    const { scores, via } = this;
    for (let i = 0; i < itemCount; i++) {
      let s = 0;
      for (let d = 0, at = i * dims; d < dims; d++) s += taste[d]! * vectors[at + d]!;
      scores[i] = s;
      via[i] = -1;
      for (const a of near) {
        if (a === i) continue;
        const c = 0.95 * this.data.cosine(a, i);
        if (c > scores[i]!) [scores[i], via[i]] = [c, a];
      }
    }
    return topN(scores, n).map((item) => {
      const anchor = via[item]!;
      const text =
        anchor >= 0
          ? `similar to ${quoted(this.data, anchor)} you viewed`
          : `matches your taste in ${leafName(this.data, item)}`;
      return { item, score: scores[item]!, reason: { source: this.name, text, ...(anchor >= 0 ? { anchor } : {}) } };
    });
  }
}
