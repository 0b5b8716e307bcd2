import { topN } from './top-n.js';

/**
 * Every trained user's top `n` items of one context-free score (ALS, taste), computed once at
 * training so a request reads them instead of scoring the catalog. Plain typed arrays, so the
 * lists travel with the trained model from its worker thread as they are.
 */
export interface UserTopLists {
  n: number;
  /** Row u: items of user u, best first, −1 after the last. */
  items: Int32Array;
  /** In the precision the scores were computed in. */
  scores: Float32Array | Float64Array;
}

/**
 * Fills every user's list from `score(u, scratch)`, which writes user u's score of each item
 * into `scratch` (of the precision the request path scores in, so ties break the same way).
 */
export function buildUserTopLists<T extends Float32Array | Float64Array>(
  users: number,
  n: number,
  scratch: T,
  score: (u: number, out: T) => boolean,
): UserTopLists {
  const items = new Int32Array(users * n).fill(-1);
  const scores = scratch instanceof Float64Array ? new Float64Array(users * n) : new Float32Array(users * n);
  for (let u = 0; u < users; u++) {
    scratch.fill(Number.NEGATIVE_INFINITY);
    if (!score(u, scratch)) continue;
    topN(scratch, n).forEach((i, r) => {
      items[u * n + r] = i;
      scores[u * n + r] = scratch[i]!;
    });
  }
  return { n, items, scores };
}

/** User u's stored top `want` items with scores, or undefined when the lists cannot answer (unknown user, longer list). */
export function storedTopList(
  lists: UserTopLists | undefined,
  u: number,
  want: number,
): { item: number; score: number }[] | undefined {
  if (!lists || u < 0 || want > lists.n || (u + 1) * lists.n > lists.items.length) return undefined;
  const out: { item: number; score: number }[] = [];
  for (let r = 0; r < want; r++) {
    const item = lists.items[u * lists.n + r]!;
    if (item < 0) break;
    out.push({ item, score: lists.scores[u * lists.n + r]! });
  }
  return out;
}
