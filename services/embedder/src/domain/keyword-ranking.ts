// Word-match ranking beside the vector ranking: BM25 over search terms, fused with the
// encoder's ranking by reciprocal rank. Pure; texts arrive through modelText.

import { searchTerms } from './search-terms.js';

export interface KeywordHit {
  id: string;
  score: number;
}

/** BM25 (k1 1.2, b 0.75) over search terms (search-terms.ts); documents replaced by id. */
export class KeywordIndex {
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly lengths = new Map<string, number>();
  private readonly termsOf = new Map<string, string[]>();
  private totalLength = 0;

  get size(): number {
    return this.lengths.size;
  }

  upsert(id: string, text: string): void {
    this.remove(id);
    const terms = searchTerms(text);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Map()));
      posting.set(id, count);
    }
    this.termsOf.set(id, [...counts.keys()]);
    this.lengths.set(id, terms.length);
    this.totalLength += terms.length;
  }

  remove(id: string): void {
    const terms = this.termsOf.get(id);
    if (!terms) return;
    for (const term of terms) {
      const posting = this.postings.get(term);
      posting?.delete(id);
      if (posting?.size === 0) this.postings.delete(term);
    }
    this.totalLength -= this.lengths.get(id) ?? 0;
    this.lengths.delete(id);
    this.termsOf.delete(id);
  }

  /** The best `limit` documents for the query, highest score first (ties by id); none without a shared term. */
  search(query: string, limit: number, accept: (id: string) => boolean = () => true): KeywordHit[] {
    const documents = this.lengths.size;
    if (documents === 0) return [];
    const averageLength = this.totalLength / documents;
    const scores = new Map<string, number>();
    for (const term of new Set(searchTerms(query))) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = Math.log(1 + (documents - posting.size + 0.5) / (posting.size + 0.5));
      for (const [id, tf] of posting) {
        const length = this.lengths.get(id) as number;
        const part = (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * length) / averageLength));
        scores.set(id, (scores.get(id) ?? 0) + part);
      }
    }
    return [...scores]
      .filter(([id]) => accept(id))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([id, score]) => ({ id, score }));
  }
}

/**
 * Reciprocal rank fusion (Cormack et al. 2009): each list adds weight / (k + rank) to its ids;
 * ids ordered by the sum, ties by their best rank, then id.
 */
export function fuseRankings(lists: readonly { ids: readonly string[]; weight?: number }[], k = 60): string[] {
  const fused = new Map<string, { score: number; best: number }>();
  for (const { ids, weight = 1 } of lists)
    ids.forEach((id, rank) => {
      const entry = fused.get(id) ?? { score: 0, best: Number.POSITIVE_INFINITY };
      entry.score += weight / (k + rank + 1);
      entry.best = Math.min(entry.best, rank);
      fused.set(id, entry);
    });
  return [...fused]
    .sort((a, b) => b[1].score - a[1].score || a[1].best - b[1].best || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id]) => id);
}

/** How item search fuses its two rankings (chosen on the unseen texts' DEV half; see the embedder README). */
export const ITEM_FUSION = { k: 10, vectorWeight: 1, keywordWeight: 3 } as const;

/** An item search's vector ranking fused with its word-match ranking (the service and the eval both call this). */
export function fuseItemRankings(byVector: readonly string[], byWords: readonly string[]): string[] {
  return fuseRankings(
    [
      { ids: byVector, weight: ITEM_FUSION.vectorWeight },
      { ids: byWords, weight: ITEM_FUSION.keywordWeight },
    ],
    ITEM_FUSION.k,
  );
}
