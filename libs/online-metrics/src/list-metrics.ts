import type { Attribution, ServedList } from './types.js';

/** Online metrics of a set of served lists and the outcomes credited to them. */
export interface ListMetrics {
  /** Lists served. */
  served: number;
  /** Lists with at least one credited click. */
  clickedLists: number;
  /** Lists with at least one credited purchase. */
  convertedLists: number;
  /** clickedLists / served. */
  ctr: number;
  /** convertedLists / served. */
  cvr: number;
  /** Credited revenue per thousand lists served. */
  revenuePerMille: number;
  /** Mean NDCG of the clicked slots over the lists that got a click (0 when none did). */
  ndcg: number;
  /** Distinct items shown. */
  distinctItems: number;
  /** distinctItems / catalog size; 0 when the catalog size is unknown. */
  coverage: number;
}

/** NDCG of one list given its clicked slots (zero-based): clicks higher up score more, 1 when they fill the top. */
export function clickedNdcg(clickedPositions: readonly number[]): number {
  const positions = [...new Set(clickedPositions)];
  if (positions.length === 0) return 0;
  const gain = (slot: number) => 1 / Math.log2(slot + 2);
  const dcg = positions.reduce((sum, slot) => sum + gain(slot), 0);
  const ideal = positions.reduce((sum, _slot, index) => sum + gain(index), 0);
  return dcg / ideal;
}

/**
 * The lists of a window in columns, with what was credited to each and their items as small
 * integers: every group's figures are then sums over list indexes, with no string lookups.
 */
class CreditedLists {
  readonly clickedSlots: (number[] | undefined)[];
  readonly purchased: Uint8Array;
  readonly revenue: Float64Array;
  readonly items: Int32Array[];
  readonly itemCount: number;

  constructor(
    readonly lists: readonly ServedList[],
    attributions: readonly Attribution[],
  ) {
    const indexOf = new Map<string, number>();
    lists.forEach((list, i) => indexOf.set(list.recommendationId, i));
    this.clickedSlots = new Array(lists.length);
    this.purchased = new Uint8Array(lists.length);
    this.revenue = new Float64Array(lists.length);
    for (const credit of attributions) {
      const i = indexOf.get(credit.recommendationId);
      if (i === undefined) continue;
      if (credit.kind === 'click') (this.clickedSlots[i] ??= []).push(credit.position);
      if (credit.kind === 'purchase') this.purchased[i] = 1;
      this.revenue[i]! += credit.revenue;
    }
    const itemIndex = new Map<string, number>();
    this.items = lists.map((list) => {
      const indexes = new Int32Array(list.itemIds.length);
      for (let k = 0; k < indexes.length; k++) {
        const item = list.itemIds[k]!;
        let index = itemIndex.get(item);
        if (index === undefined) {
          index = itemIndex.size;
          itemIndex.set(item, index);
        }
        indexes[k] = index;
      }
      return indexes;
    });
    this.itemCount = itemIndex.size;
  }

  metricsOf(members: readonly number[], catalogSize: number): ListMetrics {
    let clickedLists = 0;
    let convertedLists = 0;
    let revenue = 0;
    let ndcgSum = 0;
    let distinctItems = 0;
    const seen = new Uint8Array(this.itemCount);
    for (const i of members) {
      const slots = this.clickedSlots[i];
      if (slots) {
        clickedLists += 1;
        ndcgSum += clickedNdcg(slots);
      }
      convertedLists += this.purchased[i]!;
      revenue += this.revenue[i]!;
      for (const item of this.items[i]!) {
        if (seen[item] === 0) {
          seen[item] = 1;
          distinctItems += 1;
        }
      }
    }
    const served = members.length;
    return {
      served,
      clickedLists,
      convertedLists,
      ctr: served ? clickedLists / served : 0,
      cvr: served ? convertedLists / served : 0,
      revenuePerMille: served ? (revenue / served) * 1000 : 0,
      ndcg: clickedLists ? ndcgSum / clickedLists : 0,
      distinctItems,
      coverage: catalogSize > 0 ? distinctItems / catalogSize : 0,
    };
  }
}

export function listMetrics(
  lists: readonly ServedList[],
  attributions: readonly Attribution[],
  catalogSize = 0,
): ListMetrics {
  return new CreditedLists(lists, attributions).metricsOf(
    lists.map((_list, i) => i),
    catalogSize,
  );
}

export interface GroupedMetrics {
  modelVersion: string;
  arm: string;
  /** '' when the group spans every segment. */
  segment: string;
  metrics: ListMetrics;
}

/**
 * Metrics per (model version, arm) and per (model version, arm, segment) of the lists served in
 * [fromMs, toMs): the sliding window the caller moves.
 */
export function groupedMetrics(
  lists: readonly ServedList[],
  attributions: readonly Attribution[],
  window: { fromMs: number; toMs: number },
  catalogSize = 0,
): GroupedMetrics[] {
  const inWindow = lists.filter((l) => l.servedAtMs >= window.fromMs && l.servedAtMs < window.toMs);
  const credited = new CreditedLists(inWindow, attributions);
  const groups = new Map<string, { key: Omit<GroupedMetrics, 'metrics'>; members: number[] }>();
  const add = (modelVersion: string, arm: string, segment: string, i: number) => {
    const id = `${modelVersion}\u0000${arm}\u0000${segment}`;
    let group = groups.get(id);
    if (!group) {
      group = { key: { modelVersion, arm, segment }, members: [] };
      groups.set(id, group);
    }
    group.members.push(i);
  };
  inWindow.forEach((list, i) => {
    add(list.modelVersion, list.arm, '', i);
    add(list.modelVersion, list.arm, list.segment, i);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, { key, members }]) => ({ ...key, metrics: credited.metricsOf(members, catalogSize) }));
}

export interface DailyMetrics {
  /** YYYY-MM-DD (UTC) the lists were served on. */
  day: string;
  modelVersion: string;
  arm: string;
  metrics: ListMetrics;
}

/**
 * Metrics per served day (UTC), model version and arm: the same figures as groupedMetrics, in daily
 * buckets, sorted by day then version then arm. A list counts on the day it was served, with whatever
 * it was credited later.
 */
export function dailyMetrics(
  lists: readonly ServedList[],
  attributions: readonly Attribution[],
  catalogSize = 0,
): DailyMetrics[] {
  const credited = new CreditedLists(lists, attributions);
  const groups = new Map<string, { key: Omit<DailyMetrics, 'metrics'>; members: number[] }>();
  lists.forEach((list, i) => {
    const day = new Date(list.servedAtMs).toISOString().slice(0, 10);
    const id = `${day}\u0000${list.modelVersion}\u0000${list.arm}`;
    let group = groups.get(id);
    if (!group) {
      group = { key: { day, modelVersion: list.modelVersion, arm: list.arm }, members: [] };
      groups.set(id, group);
    }
    group.members.push(i);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, { key, members }]) => ({ ...key, metrics: credited.metricsOf(members, catalogSize) }));
}
