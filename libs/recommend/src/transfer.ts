import { isMarkedAsUntransferable } from 'node:worker_threads';
import { ImplicitAls } from './als.js';
import { Dataset } from './dataset.js';
import { HybridRecommender } from './hybrid.js';
import { RankedLists } from './ranked-lists.js';
import { type FmJSON, FmRanker } from './ranker/fm.js';
import { RankFusion, type Ranker } from './ranker/ranker.js';
import { SourceSet } from './source-set.js';
import { AlsSource } from './sources/als-source.js';
import { ComplementsSource, ItemCfSource, SessionSource } from './sources/cf-sources.js';
import { ContentSource } from './sources/content.js';
import { ReplenishSource, ViewedNotBoughtSource } from './sources/latent-needs.js';
import { NewArrivalsSource, PopularSource, TrendingSource } from './sources/popularity.js';
import type { SourceName } from './types.js';

const SOURCE_CLASSES: Record<SourceName, { prototype: object }> = {
  als: AlsSource,
  item_cf: ItemCfSource,
  session: SessionSource,
  content: ContentSource,
  popular: PopularSource,
  trending: TrendingSource,
  new_arrivals: NewArrivalsSource,
  viewed_not_bought: ViewedNotBoughtSource,
  replenish: ReplenishSource,
  complements: ComplementsSource,
};

type RankerJSON = FmJSON | { kind: 'rank_fusion'; name: string; weights: number[] };

/**
 * Trained recommenders as one structured-cloneable value, for `postMessage` from the worker
 * thread that trained them: the objects' fields (typed arrays, maps, shared references) travel
 * as they are, the rankers as JSON, and the one function (new arrivals' taste, which is the
 * content source's) is left out and put back on arrival; each recommender's stored per-user
 * lists go along. The recommenders must share their data and sources (as the arms of one
 * trained set do).
 */
export interface PackedRecommenders {
  data: Dataset;
  sources: SourceSet;
  perSource: number;
  rankers: { ranker: RankerJSON; coldRanker: RankerJSON; lists: RankedLists | undefined }[];
}

export function packRecommenders(recommenders: readonly HybridRecommender[]): PackedRecommenders {
  const [first] = recommenders;
  if (!first || recommenders.some((r) => r.sources !== first.sources))
    throw new TypeError('packRecommenders: recommenders must share one trained source set');
  const sources = Object.assign(Object.create(null) as object, first.sources, {
    list: first.sources.list.map((s) =>
      s instanceof NewArrivalsSource ? Object.assign(Object.create(null) as object, s, { taste: undefined }) : s,
    ),
  }) as SourceSet;
  const json = (r: Ranker) => r.toJSON() as RankerJSON;
  return {
    data: first.data,
    sources,
    perSource: first.perSource,
    rankers: recommenders.map((r) => ({ ranker: json(r.ranker), coldRanker: json(r.coldRanker), lists: r.lists })),
  };
}

/** The recommenders back from `packRecommenders` after a structured clone (e.g. a worker's message). */
export function unpackRecommenders(packed: PackedRecommenders): HybridRecommender[] {
  const data = Object.setPrototypeOf(packed.data, Dataset.prototype) as Dataset;
  const sources = Object.setPrototypeOf(packed.sources, SourceSet.prototype) as SourceSet;
  Object.setPrototypeOf(sources.als.model, ImplicitAls.prototype);
  for (const source of sources.list) Object.setPrototypeOf(source, SOURCE_CLASSES[source.name].prototype);
  // The named sources are the list's own objects (a clone keeps shared references), unless left out of it.
  for (const name of ['als', 'content', 'popular', 'trending'] as const)
    Object.setPrototypeOf(sources[name], SOURCE_CLASSES[name].prototype);
  const arrivals = sources.list.find((s) => s.name === 'new_arrivals') as unknown as { taste?: unknown };
  if (arrivals) arrivals.taste = (c: Parameters<ContentSource['tasteVector']>[0]) => sources.content.tasteVector(c);
  const ranker = (j: RankerJSON): Ranker =>
    j.kind === 'fm_ranker' ? FmRanker.fromJSON(j) : new RankFusion(j.weights, j.name);
  return packed.rankers.map((r) => {
    const recommender = new HybridRecommender(data, sources, ranker(r.ranker), packed.perSource, ranker(r.coldRanker));
    if (r.lists) recommender.lists = Object.setPrototypeOf(r.lists, RankedLists.prototype) as RankedLists;
    return recommender;
  });
}

/**
 * The array buffers of `packed` (its typed arrays' buffers, each once, of at least `minBytes`; smaller
 * ones are left to be copied) for `postMessage`'s transfer list: they move to the receiver instead of
 * being copied, and the sender's recommenders can no longer be used (their arrays are left empty).
 */
export function transferablesOf(packed: PackedRecommenders, minBytes = 64 * 1024): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const stack: unknown[] = [packed];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      const { buffer } = value;
      if (buffer instanceof ArrayBuffer && buffer.byteLength >= minBytes && !isMarkedAsUntransferable(buffer))
        buffers.add(buffer);
    } else if (value instanceof Map) for (const entry of value) stack.push(entry[0], entry[1]);
    else if (value instanceof Set) for (const entry of value) stack.push(entry);
    else if (Array.isArray(value)) {
      for (const entry of value) if (typeof entry === 'object' && entry !== null) stack.push(entry);
    } else for (const key in value) stack.push((value as Record<string, unknown>)[key]);
  }
  return [...buffers];
}
