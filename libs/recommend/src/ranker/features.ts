import type { Dataset } from '../dataset.js';
import { SOURCE_NAMES, type Candidate, type RecContext, type SourceName } from '../types.js';

/** One candidate item with what every source said about it. */
export interface Pooled {
  item: number;
  /** Reciprocal rank per source (index as SOURCE_NAMES), 0 when the source did not propose it. */
  ranks: Float32Array;
  reasons: Candidate['reason'][];
}

export const FEATURE_NAMES: readonly string[] = [
  ...SOURCE_NAMES.map((s) => `rr_${s}`),
  'sources',
  'item_log_popularity',
  'item_log_trend',
  'item_log_price',
  'item_untouched',
  'user_log_events',
  'user_cold',
  'user_item_log_engagement',
  'user_item_bought',
  'user_item_log_days_since',
  'user_leaf_share',
  'user_top_share',
  'als_dot',
  'als_dot_in_list',
  'content_cosine',
  'content_cosine_in_list',
  'same_leaf_as_page',
];
export const FEATURES = FEATURE_NAMES.length;
const DAY_MS = 86_400_000;
/** log(1 + days) standing for "never engaged": about a year. */
const NEVER = Math.log1p(365);
const SOURCE_INDEX = new Map(SOURCE_NAMES.map((s, i) => [s, i]));

/** Item i's [call stamp, slot in the pool being built] at 2i, 2i+1: one scratch shared by every call. */
let poolSlots = new Float64Array(0);
let poolCall = 0;

/**
 * Merges the sources' lists into one pool per item, in first-seen order. Every item's ranks are a
 * view of one buffer per call, and items are found by a per-item scratch instead of a map: a
 * request pools a few hundred candidates, and their objects were most of its garbage.
 */
export function pool(lists: ReadonlyMap<SourceName, Candidate[]>): Pooled[] {
  let total = 0;
  let maxItem = -1;
  for (const list of lists.values()) {
    total += list.length;
    for (let r = 0; r < list.length; r++) maxItem = Math.max(maxItem, list[r]!.item);
  }
  if (poolSlots.length < 2 * (maxItem + 1)) poolSlots = new Float64Array(2 * (maxItem + 1));
  poolCall++;
  const S = SOURCE_NAMES.length;
  const ranks = new Float32Array(total * S);
  const out: Pooled[] = [];
  for (const [source, list] of lists) {
    const s = SOURCE_INDEX.get(source)!;
    for (let rank = 0; rank < list.length; rank++) {
      const c = list[rank]!;
      let p: Pooled;
      if (poolSlots[2 * c.item] === poolCall) p = out[poolSlots[2 * c.item + 1]!]!;
      else {
        poolSlots[2 * c.item] = poolCall;
        poolSlots[2 * c.item + 1] = out.length;
        p = { item: c.item, ranks: ranks.subarray(out.length * S, (out.length + 1) * S), reasons: [] };
        out.push(p);
      }
      p.ranks[s] = 1 / (1 + rank);
      p.reasons.push(c.reason);
    }
  }
  return out;
}

/** What the features need beyond the dataset: per-item popularity/trend and per-user vectors. */
export interface FeatureContext {
  popularity(item: number): number;
  trend(item: number): number;
  alsUser?: Float32Array;
  alsItems?: Float32Array;
  alsK: number;
  taste?: Float32Array;
}

/** Item i's [call stamp, the user's events with it, the last one's time, bought (1/0)] at 4i: shared scratch. */
let userSlots = new Float64Array(0);
let userCall = 0;

/** Row-major features (pool.length × FEATURES) for one request. */
export function features(
  data: Dataset,
  context: RecContext,
  pooled: readonly Pooled[],
  fc: FeatureContext,
): Float32Array {
  const out = new Float32Array(pooled.length * FEATURES);
  const u = context.user;
  if (userSlots.length < 4 * data.itemCount) userSlots = new Float64Array(4 * data.itemCount);
  const call = ++userCall;
  const slots = userSlots;
  const leafMass = new Float64Array(data.leafNames.length);
  const topMass = new Float64Array(data.topNames.length);
  let events = 0;
  let mass = 0;
  const touch = (i: number) => {
    if (slots[4 * i] === call) slots[4 * i + 1]!++;
    else {
      slots[4 * i] = call;
      slots[4 * i + 1] = 1;
      slots[4 * i + 2] = Number.NaN;
      slots[4 * i + 3] = 0;
    }
  };
  if (u >= 0) {
    events = data.eventOffsets[u + 1]! - data.eventOffsets[u]!;
    for (let e = data.eventOffsets[u]!; e < data.eventOffsets[u + 1]!; e++) {
      const i = data.eventItem[e]!;
      touch(i);
      slots[4 * i + 2] = data.eventAt[e]!;
      if (data.eventKind[e] === 4) slots[4 * i + 3] = 1;
    }
    for (let k = data.userItem.offsets[u]!; k < data.userItem.offsets[u + 1]!; k++) {
      const i = data.userItem.indices[k]!;
      const v = data.userItem.values[k]!;
      leafMass[data.leaf[i]!]! += v;
      topMass[data.top[i]!]! += v;
      mass += v;
    }
  } else {
    for (const i of context.recentItems ?? []) touch(i);
  }
  const page = context.currentItem !== undefined && context.currentItem >= 0 ? data.leaf[context.currentItem] : -1;
  const { dims, vectors, prices } = data;
  const S = SOURCE_NAMES.length;
  pooled.forEach((p, r) => {
    const i = p.item;
    let sources = 0;
    for (let s = 0; s < S; s++) {
      out[r * FEATURES + s] = p.ranks[s]!;
      if (p.ranks[s]! > 0) sources++;
    }
    let f = r * FEATURES + S;
    out[f++] = sources;
    out[f++] = Math.log1p(fc.popularity(i));
    out[f++] = Math.log(fc.trend(i) || 1);
    out[f++] = Math.log1p(prices[i]!);
    out[f++] = data.itemUser.offsets[i + 1] === data.itemUser.offsets[i] ? 1 : 0;
    out[f++] = Math.log1p(events);
    out[f++] = u < 0 ? 1 : 0;
    const mine = slots[4 * i] === call;
    out[f++] = Math.log1p(mine ? slots[4 * i + 1]! : 0);
    out[f++] = mine ? slots[4 * i + 3]! : 0;
    const last = mine ? slots[4 * i + 2]! : Number.NaN;
    out[f++] = Number.isNaN(last) ? NEVER : Math.log1p(Math.max(0, context.now - last) / DAY_MS);
    out[f++] = mass > 0 ? leafMass[data.leaf[i]!]! / mass : 0;
    out[f++] = mass > 0 ? topMass[data.top[i]!]! / mass : 0;
    let als = 0;
    if (fc.alsUser && fc.alsItems && (i + 1) * fc.alsK <= fc.alsItems.length)
      for (let d = 0; d < fc.alsK; d++) als += fc.alsUser[d]! * fc.alsItems[i * fc.alsK + d]!;
    out[f++] = als;
    out[f++] = 0;
    let cos = 0;
    if (fc.taste) for (let d = 0; d < dims; d++) cos += fc.taste[d]! * vectors[i * dims + d]!;
    out[f++] = cos;
    out[f++] = 0;
    out[f++] = page >= 0 && data.leaf[i] === page ? 1 : 0;
  });
  standardiseWithinList(out, pooled.length, FEATURE_NAMES.indexOf('als_dot'));
  standardiseWithinList(out, pooled.length, FEATURE_NAMES.indexOf('content_cosine'));
  return out;
}

/** Writes column `from`'s z-score within this request into column `from + 1` (scales differ between users). */
function standardiseWithinList(rows: Float32Array, n: number, from: number): void {
  if (n === 0) return;
  let sum = 0;
  let sq = 0;
  for (let r = 0; r < n; r++) {
    const x = rows[r * FEATURES + from]!;
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sq / n - mean * mean)) || 1;
  for (let r = 0; r < n; r++) rows[r * FEATURES + from + 1] = (rows[r * FEATURES + from]! - mean) / std;
}
