import type { AlsOptions } from './als.js';
import type { Dataset } from './dataset.js';
import type { FeatureContext } from './ranker/features.js';
import { AlsSource } from './sources/als-source.js';
import { ComplementsSource, ItemCfSource, SessionSource } from './sources/cf-sources.js';
import { ContentSource } from './sources/content.js';
import { ReplenishSource, ViewedNotBoughtSource } from './sources/latent-needs.js';
import { NewArrivalsSource, PopularSource, TrendingSource } from './sources/popularity.js';
import type { CandidateSource, RecContext, SourceName } from './types.js';

export interface SourceSetOptions {
  als?: AlsOptions;
  /**
   * Length of the per-user lists that the context-free sources (ALS, content taste, new arrivals
   * by taste) compute for every trained user at training, so requests read them; 0 = none.
   * Default 40 (the hybrid's list per source).
   */
  precomputed?: number;
  /** Leave sources out (e.g. to measure what one adds). */
  without?: readonly SourceName[];
}

/** Every candidate source, trained on one dataset. */
export class SourceSet {
  private constructor(
    readonly data: Dataset,
    readonly als: AlsSource,
    readonly content: ContentSource,
    readonly popular: PopularSource,
    readonly trending: TrendingSource,
    readonly list: readonly CandidateSource[],
  ) {}

  static train(data: Dataset, options: SourceSetOptions = {}): SourceSet {
    const als = AlsSource.train(data, options.als);
    const content = ContentSource.train(data);
    const popular = PopularSource.train(data);
    const trending = TrendingSource.train(data);
    const arrivals = NewArrivalsSource.train(data, (c) => content.tasteVector(c));
    const precomputed = options.precomputed ?? 40;
    if (precomputed > 0) for (const source of [als, content, arrivals]) source.precompute(precomputed);
    const all: CandidateSource[] = [
      als,
      ItemCfSource.train(data),
      SessionSource.train(data),
      content,
      popular,
      trending,
      arrivals,
      ViewedNotBoughtSource.train(data),
      ReplenishSource.train(data),
      ComplementsSource.train(data),
    ];
    const without = new Set(options.without ?? []);
    return new SourceSet(
      data,
      als,
      content,
      popular,
      trending,
      all.filter((s) => !without.has(s.name)),
    );
  }

  source(name: SourceName): CandidateSource | undefined {
    return this.list.find((s) => s.name === name);
  }

  featureContext(context: RecContext): FeatureContext {
    const alsUser = this.als.userVector(context);
    const taste = this.content.tasteVector(context);
    return {
      popularity: (i) => this.popular.score(i),
      trend: (i) => this.trending.growth[i] ?? 1,
      alsK: this.als.model.k,
      alsItems: this.als.model.itemFactors,
      ...(alsUser ? { alsUser } : {}),
      ...(taste ? { taste } : {}),
    };
  }
}
