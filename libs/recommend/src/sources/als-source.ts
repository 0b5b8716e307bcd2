import { ImplicitAls, type AlsOptions } from '../als.js';
import type { Dataset } from '../dataset.js';
import { quoted } from '../reasons.js';
import { topN } from '../top-n.js';
import type { Candidate, CandidateSource, RecContext } from '../types.js';
import { buildUserTopLists, storedTopList, type UserTopLists } from '../user-lists.js';
import { recentAnchors } from './history.js';

/** Candidates from implicit ALS: x_u · y_i over the catalog; unknown users are folded in from their session. */
export class AlsSource implements CandidateSource {
  readonly name = 'als' as const;
  private readonly scratch: Float32Array<ArrayBuffer>;
  /** Every trained user's top items, once `precompute` has run. */
  private lists?: UserTopLists;

  constructor(
    readonly model: ImplicitAls,
    private readonly data: Dataset,
  ) {
    this.scratch = new Float32Array(model.items);
  }

  static train(data: Dataset, options: AlsOptions = {}): AlsSource {
    return new AlsSource(ImplicitAls.train(data.userItem, data.itemUser, options), data);
  }

  /** Scores the catalog for every trained user now, so requests read their top `n` (a user vector is fixed until the next training). */
  precompute(n: number): void {
    this.lists = buildUserTopLists(this.model.users, n, new Float32Array(this.model.items), (u, out) => {
      this.model.scores(this.model.userVector(u), out);
      return true;
    });
  }

  /** The user's factor vector: trained, or folded in from the context's recent items. */
  userVector(context: RecContext): Float32Array | undefined {
    if (context.user >= 0 && context.user < this.model.users) return this.model.userVector(context.user);
    const anchors = recentAnchors(this.data, context, 50);
    if (anchors.length === 0) return undefined;
    return this.model.foldInUser(
      anchors.map((a) => a.item),
      anchors.map((a) => a.weight),
    );
  }

  candidates(context: RecContext, n: number): Candidate[] {
    const top = storedTopList(this.lists, context.user, n) ?? this.scoreCatalog(context, n);
    const anchors = recentAnchors(this.data, context, 10);
    const k = this.model.k;
    const Y = this.model.itemFactors;
    return top.map(({ item, score }) => {
      let anchor = -1;
      let best = Number.NEGATIVE_INFINITY;
      for (const a of anchors) {
        let s = 0;
        for (let d = 0; d < k; d++) s += Y[item * k + d]! * Y[a.item * k + d]!;
        if (s > best) {
          best = s;
          anchor = a.item;
        }
      }
      const text =
        anchor >= 0 && anchor !== item
          ? `shoppers with tastes like yours chose it — close to ${quoted(this.data, anchor)} you looked at`
          : 'shoppers with tastes like yours chose it';
      return { item, score, reason: { source: this.name, text, ...(anchor >= 0 ? { anchor } : {}) } };
    });
  }

  private scoreCatalog(context: RecContext, n: number): { item: number; score: number }[] {
    const x = this.userVector(context);
    if (!x) return [];
    const scores = this.model.scores(x, this.scratch);
    return topN(scores, n).map((item) => ({ item, score: scores[item]! }));
  }
}
