import type { Dataset } from '../dataset.js';
import { leafName, segmentName } from '../reasons.js';
import { topN } from '../top-n.js';
import type { Candidate, CandidateSource, RecContext } from '../types.js';
import { buildUserTopLists, storedTopList, type UserTopLists } from '../user-lists.js';

const DAY_MS = 86_400_000;
const KIND_WEIGHT = [1, 0.5, 3, 0, 5];
/** Newest items considered as new arrivals (a long tail of never-seen items is not all "new"). */
const MAX_FRESH = 2000;

/** Decayed engagement per item, overall and per segment, over a window ending at the dataset's now. */
function counts(data: Dataset, fromMs: number, toMs: number, halfLifeDays: number) {
  const overall = new Float64Array(data.itemCount);
  const bySegment = Array.from({ length: data.topNames.length }, () => new Float64Array(data.itemCount));
  const lambda = Math.LN2 / (halfLifeDays * DAY_MS);
  for (let u = 0; u < data.userCount; u++) {
    const seg = data.segment[u]!;
    for (let e = data.eventOffsets[u]!; e < data.eventOffsets[u + 1]!; e++) {
      const at = data.eventAt[e]!;
      if (at < fromMs || at >= toMs) continue;
      const w = KIND_WEIGHT[data.eventKind[e]!]! * Math.exp(-lambda * (toMs - at));
      overall[data.eventItem[e]!]! += w;
      if (seg >= 0) bySegment[seg]![data.eventItem[e]!]! += w;
    }
  }
  return { overall, bySegment };
}

/** Most engaged-with items of the last weeks, in the user's segment when they have one. */
export class PopularSource implements CandidateSource {
  readonly name = 'popular' as const;

  constructor(
    private readonly data: Dataset,
    readonly overall: number[],
    readonly bySegment: number[][],
    private readonly scoreOf: Float64Array,
  ) {}

  static train(data: Dataset, windowDays = 28, n = 500): PopularSource {
    const c = counts(data, data.now - windowDays * DAY_MS, data.now, 14);
    return new PopularSource(
      data,
      topN(c.overall, n),
      c.bySegment.map((s) => topN(s, n)),
      c.overall,
    );
  }

  /** Overall popularity score of an item (decayed engagement). */
  score(item: number): number {
    return this.scoreOf[item] ?? 0;
  }

  candidates(context: RecContext, n: number): Candidate[] {
    const seg = context.user >= 0 ? this.data.segment[context.user]! : -1;
    const list = seg >= 0 ? this.bySegment[seg]! : this.overall;
    const text = seg >= 0 ? `popular in ${segmentName(this.data, seg)} with shoppers like you` : 'popular right now';
    return list.slice(0, n).map((item, rank) => ({
      item,
      score: 1 / (1 + rank),
      reason: { source: this.name, text },
    }));
  }
}

/** Items whose last week beats their previous three (smoothed growth × volume), per segment. */
export class TrendingSource implements CandidateSource {
  readonly name = 'trending' as const;

  constructor(
    private readonly data: Dataset,
    readonly overall: number[],
    readonly bySegment: number[][],
    readonly growth: Float64Array,
  ) {}

  static train(data: Dataset, recentDays = 7, baseDays = 21, n = 300): TrendingSource {
    const recent = counts(data, data.now - recentDays * DAY_MS, data.now, 1e9);
    const base = counts(data, data.now - (recentDays + baseDays) * DAY_MS, data.now - recentDays * DAY_MS, 1e9);
    const trend = (r: Float64Array, b: Float64Array) =>
      Float64Array.from(r, (x, i) => Math.log((x + 3) / ((b[i]! * recentDays) / baseDays + 3)) * Math.log1p(x));
    const overall = trend(recent.overall, base.overall);
    return new TrendingSource(
      data,
      topN(overall, n),
      recent.bySegment.map((r, s) => topN(trend(r, base.bySegment[s]!), n)),
      Float64Array.from(recent.overall, (x, i) => (x + 3) / ((base.overall[i]! * recentDays) / baseDays + 3)),
    );
  }

  candidates(context: RecContext, n: number): Candidate[] {
    const seg = context.user >= 0 ? this.data.segment[context.user]! : -1;
    const list = seg >= 0 ? this.bySegment[seg]! : this.overall;
    return list.slice(0, n).map((item, rank) => {
      const up = Math.round((this.growth[item]! - 1) * 100);
      const where = seg >= 0 ? `in your segment (${segmentName(this.data, seg)})` : 'in the shop';
      const text = up > 0 ? `trending ${where}: interest up ${up}% this week` : `trending ${where}`;
      return { item, score: 1 / (1 + rank), reason: { source: this.name, text } };
    });
  }
}

/** New arrivals: items added recently or never interacted with; ranked by closeness to the user's taste if known. */
export class NewArrivalsSource implements CandidateSource {
  readonly name = 'new_arrivals' as const;

  constructor(
    private readonly data: Dataset,
    readonly fresh: number[],
    private readonly taste?: (context: RecContext) => Float32Array | undefined,
  ) {}

  /** Every trained user's fresh items by taste, once `precompute` has run. */
  private lists?: UserTopLists;

  static train(data: Dataset, taste?: (context: RecContext) => Float32Array | undefined, days = 7): NewArrivalsSource {
    const fresh: number[] = [];
    for (let i = 0; i < data.itemCount; i++) {
      const added = data.items[i]!.addedAt;
      const untouched = data.itemUser.offsets[i + 1] === data.itemUser.offsets[i];
      if ((added !== undefined && added >= data.now - days * DAY_MS) || untouched) fresh.push(i);
    }
    fresh.sort((a, b) => (data.items[b]!.addedAt ?? 0) - (data.items[a]!.addedAt ?? 0));
    return new NewArrivalsSource(data, fresh.slice(0, MAX_FRESH), taste);
  }

  /** Ranks the new arrivals by every trained user's taste now (fixed until the next training). */
  precompute(n: number): void {
    if (!this.taste || this.data.dims === 0) return;
    this.lists = buildUserTopLists(this.data.userCount, n, new Float64Array(this.fresh.length), (user, out) => {
      const taste = this.taste?.({ user, now: this.data.now });
      if (taste) this.tasteScores(taste, out);
      return taste !== undefined;
    });
    this.lists.items = this.lists.items.map((t) => (t >= 0 ? this.fresh[t]! : -1));
  }

  candidates(context: RecContext, n: number): Candidate[] {
    const stored = storedTopList(this.lists, context.user, n);
    if (stored?.length) return stored.map(({ item, score }) => this.candidate(item, score, true));
    const taste = this.taste?.(context);
    const scores = taste ? this.tasteScores(taste, new Float64Array(this.fresh.length)) : undefined;
    return topN(scores ?? this.fresh.map((_, rank) => 1 / (1 + rank)), n).map((t) =>
      this.candidate(this.fresh[t]!, scores ? scores[t]! : 1 / (1 + t), taste !== undefined),
    );
  }

  private tasteScores<T extends Float32Array | Float64Array>(taste: Float32Array, out: T): T {
    const { dims, vectors } = this.data;
    this.fresh.forEach((i, t) => {
      let s = 0;
      for (let d = 0; d < dims; d++) s += taste[d]! * vectors[i * dims + d]!;
      out[t] = s;
    });
    return out;
  }

  private candidate(item: number, score: number, byTaste: boolean): Candidate {
    const text = byTaste ? `new arrival in ${leafName(this.data, item)}, close to your taste` : 'new arrival';
    return { item, score, reason: { source: this.name, text } };
  }
}
