import { type Dataset, PURCHASE, VIEW } from '../dataset.js';
import { quoted } from '../reasons.js';
import type { Candidate, CandidateSource, RecContext } from '../types.js';
import { expandNeighbours } from './expand.js';
import { recentAnchors } from './history.js';
import { cooccurrenceNeighbours, fromPairs, type Neighbours, transitionNeighbours } from './neighbours.js';

const DAY_MS = 86_400_000;

/** Item-to-item CF: co-views (a user's distinct items) and co-purchases, cosine-normalised. */
export class ItemCfSource implements CandidateSource {
  readonly name = 'item_cf' as const;

  constructor(
    private readonly data: Dataset,
    readonly coViewed: Neighbours,
    readonly coBought: Neighbours,
  ) {}

  static train(data: Dataset, keep = 50, maxBasket = 200): ItemCfSource {
    const viewed: Int32Array[] = [];
    const bought: Int32Array[] = [];
    for (let u = 0; u < data.userCount; u++) {
      viewed.push(data.userItem.indices.slice(data.userItem.offsets[u]!, data.userItem.offsets[u + 1]!));
      const items = new Set<number>();
      for (let e = data.eventOffsets[u]!; e < data.eventOffsets[u + 1]!; e++)
        if (data.eventKind[e] === PURCHASE) items.add(data.eventItem[e]!);
      bought.push(Int32Array.from(items));
    }
    const cap = (b: Int32Array) => (b.length > maxBasket ? b.subarray(b.length - maxBasket) : b);
    return new ItemCfSource(
      data,
      cooccurrenceNeighbours(viewed.map(cap), data.itemCount, keep),
      cooccurrenceNeighbours(bought.map(cap), data.itemCount, keep),
    );
  }

  candidates(context: RecContext, n: number): Candidate[] {
    const anchors = recentAnchors(this.data, context, 20);
    if (context.currentItem !== undefined && context.currentItem >= 0)
      anchors.unshift({ item: context.currentItem, weight: 2 });
    const viewed = expandNeighbours(anchors, this.coViewed, n * 2);
    const bought = new Map(expandNeighbours(anchors, this.coBought, n * 2).map((e) => [e.item, e]));
    // Reasons in words only for the n kept.
    const merged: { item: number; score: number; anchor: number; bought: boolean }[] = [];
    for (const v of viewed) {
      const b = bought.get(v.item);
      merged.push({ item: v.item, score: v.score + 2 * (b?.score ?? 0), anchor: b?.anchor ?? v.anchor, bought: !!b });
    }
    const inViewed = new Set(viewed.map((v) => v.item));
    for (const b of bought.values())
      if (!inViewed.has(b.item)) merged.push({ item: b.item, score: 2 * b.score, anchor: b.anchor, bought: true });
    return merged
      .sort((a, b) => b.score - a.score)
      .slice(0, n)
      .map(({ item, score, anchor, bought: wasBought }) => {
        const text = wasBought
          ? `people who bought ${quoted(this.data, anchor)} also bought it`
          : `because you viewed ${quoted(this.data, anchor)}`;
        return { item, score, reason: { source: this.name, text, anchor } };
      });
  }
}

/** Session-based "after viewing X": what shoppers viewed next within the same session. */
export class SessionSource implements CandidateSource {
  readonly name = 'session' as const;

  constructor(
    private readonly data: Dataset,
    readonly next: Neighbours,
  ) {}

  static train(data: Dataset, window = 3, keep = 50): SessionSource {
    const sequences: Int32Array[] = [];
    let current: number[] = [];
    for (let e = 0; e < data.eventItem.length; e++) {
      if (e > 0 && data.eventSession[e] !== data.eventSession[e - 1]) {
        if (current.length > 1) sequences.push(Int32Array.from(current));
        current = [];
      }
      if (data.eventKind[e] !== VIEW) continue;
      if (current.at(-1) !== data.eventItem[e]) current.push(data.eventItem[e]!);
    }
    if (current.length > 1) sequences.push(Int32Array.from(current));
    return new SessionSource(data, transitionNeighbours(sequences, data.itemCount, window, keep));
  }

  candidates(context: RecContext, n: number): Candidate[] {
    const anchors =
      context.currentItem !== undefined && context.currentItem >= 0
        ? [{ item: context.currentItem, weight: 1 }]
        : recentAnchors(this.data, context, 3);
    return expandNeighbours(anchors, this.next, n).map((e) => ({
      item: e.item,
      score: e.score,
      reason: {
        source: this.name,
        text: `shoppers who viewed ${quoted(this.data, e.anchor)} went on to view it`,
        anchor: e.anchor,
      },
    }));
  }
}

/** Complements: B bought within `windowDays` after A, in another leaf category (lift-like cosine). */
export class ComplementsSource implements CandidateSource {
  readonly name = 'complements' as const;

  constructor(
    private readonly data: Dataset,
    readonly after: Neighbours,
  ) {}

  static train(data: Dataset, windowDays = 30, keep = 30): ComplementsSource {
    const pairs = new Map<number, Map<number, number>>();
    const counts = new Float64Array(data.itemCount);
    for (let u = 0; u < data.userCount; u++) {
      const buys: { item: number; at: number }[] = [];
      for (let e = data.eventOffsets[u]!; e < data.eventOffsets[u + 1]!; e++)
        if (data.eventKind[e] === PURCHASE) buys.push({ item: data.eventItem[e]!, at: data.eventAt[e]! });
      for (const b of buys) counts[b.item]!++;
      for (let s = 0; s < buys.length; s++) {
        for (let t = s + 1; t < buys.length; t++) {
          const [a, b] = [buys[s]!, buys[t]!];
          if (b.at - a.at > windowDays * DAY_MS) break;
          if (data.leaf[a.item] === data.leaf[b.item]) continue;
          let row = pairs.get(a.item);
          if (!row) pairs.set(a.item, (row = new Map()));
          row.set(b.item, (row.get(b.item) ?? 0) + 1);
        }
      }
    }
    return new ComplementsSource(data, fromPairs(pairs, counts, data.itemCount, keep));
  }

  candidates(context: RecContext, n: number): Candidate[] {
    if (context.user < 0) return [];
    const anchors = [];
    for (let e = this.data.eventOffsets[context.user + 1]! - 1; e >= this.data.eventOffsets[context.user]!; e--) {
      if (this.data.eventKind[e] !== PURCHASE) continue;
      if (context.now - this.data.eventAt[e]! > 60 * DAY_MS || anchors.length >= 10) break;
      anchors.push({ item: this.data.eventItem[e]!, weight: 0.85 ** anchors.length });
    }
    return expandNeighbours(anchors, this.after, n).map((e) => ({
      item: e.item,
      score: e.score,
      reason: { source: this.name, text: `goes with ${quoted(this.data, e.anchor)} you bought`, anchor: e.anchor },
    }));
  }
}
