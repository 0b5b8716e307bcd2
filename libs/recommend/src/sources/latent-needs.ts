import { CART, type Dataset, PURCHASE, VIEW } from '../dataset.js';
import { quoted } from '../reasons.js';
import type { Candidate, CandidateSource, RecContext } from '../types.js';

const DAY_MS = 86_400_000;
const REMOVE = 3;

/** Viewed or carted but not bought since: the user's open intentions, strongest and most recent first. */
export class ViewedNotBoughtSource implements CandidateSource {
  readonly name = 'viewed_not_bought' as const;

  constructor(
    private readonly data: Dataset,
    private readonly windowDays: number,
    private readonly halfLifeDays: number,
  ) {}

  static train(data: Dataset, windowDays = 30, halfLifeDays = 7): ViewedNotBoughtSource {
    return new ViewedNotBoughtSource(data, windowDays, halfLifeDays);
  }

  candidates(context: RecContext, n: number): Candidate[] {
    const u = context.user;
    if (u < 0) return [];
    const d = this.data;
    const lambda = Math.LN2 / (this.halfLifeDays * DAY_MS);
    const open = new Map<number, { score: number; views: number; carted: boolean; removed: boolean }>();
    for (let e = d.eventOffsets[u]!; e < d.eventOffsets[u + 1]!; e++) {
      const at = d.eventAt[e]!;
      if (context.now - at > this.windowDays * DAY_MS) continue;
      const item = d.eventItem[e]!;
      const kind = d.eventKind[e]!;
      if (kind === PURCHASE) {
        open.delete(item);
        continue;
      }
      const entry = open.get(item) ?? { score: 0, views: 0, carted: false, removed: false };
      const w = kind === CART ? 4 : kind === VIEW ? 1 : kind === REMOVE ? 0 : 0.5;
      entry.score += w * Math.exp(-lambda * (context.now - at));
      if (kind === VIEW) entry.views++;
      if (kind === CART) [entry.carted, entry.removed] = [true, false];
      if (kind === REMOVE) entry.removed = true;
      open.set(item, entry);
    }
    return [...open.entries()]
      .sort((a, b) => b[1].score - a[1].score)
      .slice(0, n)
      .map(([item, o]) => {
        const title = quoted(d, item);
        const text =
          o.carted && !o.removed
            ? `still in your cart: ${title}`
            : o.carted
              ? `you put ${title} in your cart earlier`
              : o.views > 1
                ? `you looked at ${title} ${o.views} times`
                : `you looked at ${title} recently`;
        return { item, score: o.score, reason: { source: this.name, text, anchor: item } };
      });
  }
}

export interface RepeatCycle {
  /** Median days between a shopper's purchases of the item. */
  days: number;
  /** Share of the item's buyers who bought it again. */
  repeatShare: number;
}

/**
 * Replenishment of consumables: an item's repeat cycle from the user's own purchase gaps (or the
 * item's median gap among repeat buyers when the user bought it once), recommended when it comes due.
 */
export class ReplenishSource implements CandidateSource {
  readonly name = 'replenish' as const;

  constructor(
    private readonly data: Dataset,
    readonly cycles: ReadonlyMap<number, RepeatCycle>,
    private readonly minRepeatShare: number,
  ) {}

  static train(data: Dataset, minRepeatShare = 0.2): ReplenishSource {
    const gaps = new Map<number, number[]>();
    const buyers = new Map<number, number>();
    const repeaters = new Map<number, number>();
    for (let u = 0; u < data.userCount; u++) {
      for (const [item, times] of purchaseDays(data, u)) {
        buyers.set(item, (buyers.get(item) ?? 0) + 1);
        if (times.length < 2) continue;
        repeaters.set(item, (repeaters.get(item) ?? 0) + 1);
        const list = gaps.get(item) ?? [];
        for (let t = 1; t < times.length; t++) list.push((times[t]! - times[t - 1]!) / DAY_MS);
        gaps.set(item, list);
      }
    }
    const cycles = new Map<number, RepeatCycle>();
    for (const [item, list] of gaps) {
      list.sort((a, b) => a - b);
      cycles.set(item, { days: list[list.length >> 1]!, repeatShare: repeaters.get(item)! / buyers.get(item)! });
    }
    return new ReplenishSource(data, cycles, minRepeatShare);
  }

  candidates(context: RecContext, n: number): Candidate[] {
    if (context.user < 0) return [];
    const out: Candidate[] = [];
    for (const [item, times] of purchaseDays(this.data, context.user)) {
      let cycle: number | undefined;
      if (times.length >= 2) cycle = (times.at(-1)! - times[0]!) / (times.length - 1) / DAY_MS;
      else {
        const c = this.cycles.get(item);
        if (c && c.repeatShare >= this.minRepeatShare) cycle = c.days;
      }
      if (!cycle || cycle < 1) continue;
      const due = (context.now - times.at(-1)!) / DAY_MS / cycle;
      if (due < 0.7 || due > 2.5) continue;
      const score = Math.exp(-((due - 1) ** 2) / 0.5);
      const every = Math.round(cycle);
      const text = `running low on ${quoted(this.data, item)}? You buy it about every ${every} day${every === 1 ? '' : 's'}`;
      out.push({ item, score, reason: { source: this.name, text, anchor: item } });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, n);
  }
}

/** A user's purchase times per item (distinct days only, so one order's lines count once). */
function purchaseDays(data: Dataset, u: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let e = data.eventOffsets[u]!; e < data.eventOffsets[u + 1]!; e++) {
    if (data.eventKind[e] !== PURCHASE) continue;
    const list = out.get(data.eventItem[e]!) ?? [];
    if (list.length === 0 || data.eventAt[e]! - list.at(-1)! > DAY_MS) list.push(data.eventAt[e]!);
    out.set(data.eventItem[e]!, list);
  }
  return out;
}
