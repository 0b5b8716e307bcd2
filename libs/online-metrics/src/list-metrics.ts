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

export function listMetrics(
  lists: readonly ServedList[],
  attributions: readonly Attribution[],
  catalogSize = 0,
): ListMetrics {
  const byList = new Map<string, Attribution[]>();
  for (const credit of attributions) {
    const own = byList.get(credit.recommendationId) ?? [];
    own.push(credit);
    byList.set(credit.recommendationId, own);
  }
  let clickedLists = 0;
  let convertedLists = 0;
  let revenue = 0;
  let ndcgSum = 0;
  const items = new Set<string>();
  for (const list of lists) {
    for (const item of list.itemIds) items.add(item);
    const credits = byList.get(list.recommendationId) ?? [];
    const clicks = credits.filter((c) => c.kind === 'click').map((c) => c.position);
    if (clicks.length > 0) {
      clickedLists += 1;
      ndcgSum += clickedNdcg(clicks);
    }
    if (credits.some((c) => c.kind === 'purchase')) convertedLists += 1;
    revenue += credits.reduce((sum, c) => sum + c.revenue, 0);
  }
  const served = lists.length;
  return {
    served,
    clickedLists,
    convertedLists,
    ctr: served ? clickedLists / served : 0,
    cvr: served ? convertedLists / served : 0,
    revenuePerMille: served ? (revenue / served) * 1000 : 0,
    ndcg: clickedLists ? ndcgSum / clickedLists : 0,
    distinctItems: items.size,
    coverage: catalogSize > 0 ? items.size / catalogSize : 0,
  };
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
  const groups = new Map<string, { key: Omit<GroupedMetrics, 'metrics'>; lists: ServedList[] }>();
  const add = (key: Omit<GroupedMetrics, 'metrics'>, list: ServedList) => {
    const id = JSON.stringify([key.modelVersion, key.arm, key.segment]);
    const group = groups.get(id) ?? { key, lists: [] };
    group.lists.push(list);
    groups.set(id, group);
  };
  for (const list of inWindow) {
    add({ modelVersion: list.modelVersion, arm: list.arm, segment: '' }, list);
    add({ modelVersion: list.modelVersion, arm: list.arm, segment: list.segment }, list);
  }
  return [...groups.values()]
    .map(({ key, lists: own }) => ({ ...key, metrics: listMetrics(own, attributions, catalogSize) }))
    .sort((a, b) =>
      `${a.modelVersion}\u0000${a.arm}\u0000${a.segment}`.localeCompare(
        `${b.modelVersion}\u0000${b.arm}\u0000${b.segment}`,
      ),
    );
}
