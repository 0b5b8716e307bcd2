// eval/recommend: every candidate source and the hybrid, trained on the test kit's shop up to
// two weeks before its end and scored on what each shopper did in those two weeks, beside
// most-popular and the shop's own true preferences (the oracle). Cold-start users (history
// withheld) and new items (no interactions before the split) are reported on their own.
import { coverage, hitAt, intraListDiversity, ndcgAt, recallAt, topN, trainHybrid } from '@demand/recommend';
import { truePreference, shopData } from './recommend-shop.js';
import { printEval, progress } from './report.js';

const SHOP = { seed: 42, users: 3000, items: 1500, days: 56 };
const TEST_DAYS = 14;
const DAY_MS = 86_400_000;
const K = 10;
const EVAL_USERS = 1200;

const started = Date.now();
const { shop, items, interactions, startMs } = shopData(SHOP);
const split = startMs + (SHOP.days - TEST_DAYS) * DAY_MS;
// Shoppers and items keep arriving: one cohort a little before the split (so the ranker's own
// time split sees cold users and fresh items), and the cohort that is measured, arriving at the split.
const cohort = (id: string, salt: string) => hash(`${salt}:${id}`) % 100;
const coldUsers = new Set(shop.users.map((u) => u.userId).filter((id) => cohort(id, 'user') < 8));
const recentUsers = new Set(shop.users.map((u) => u.userId).filter((id) => cohort(id, 'user') >= 92));
const newItems = new Set(items.map((i) => i.id).filter((id) => cohort(id, 'item') < 5));
const recentItems = new Set(items.map((i) => i.id).filter((id) => cohort(id, 'item') >= 95));
const recentFrom = split - 10 * DAY_MS;
for (const item of items) {
  if (newItems.has(item.id)) item.addedAt = split - DAY_MS;
  if (recentItems.has(item.id)) item.addedAt = recentFrom;
}
const train = interactions.filter(
  (e) =>
    e.at < split &&
    !coldUsers.has(e.user) &&
    !newItems.has(e.item) &&
    !((recentUsers.has(e.user) || recentItems.has(e.item)) && e.at < recentFrom),
);
progress(`shop: ${interactions.length} interactions, ${train.length} before the split; ${Date.now() - started} ms`);

const { recommender, report } = trainHybrid(items, train, split);
const data = recommender.data;
progress(
  `ranker: ${report.ranker.chosen.name} chosen on ${report.trainingRows} rows; validation NDCG@10 ${report.ranker.validation
    .map((v) => `${v.name}=${v.ndcg10.toFixed(3)}`)
    .join(' ')}; trained in ${Date.now() - started} ms`,
);
progress(
  `cold-start ranker: ${report.coldRanker.chosen.name}; validation NDCG@10 ${report.coldRanker.validation
    .map((v) => `${v.name}=${v.ndcg10.toFixed(3)}`)
    .join(' ')}`,
);

const relevant = new Map<string, Set<number>>();
for (const e of interactions) {
  if (e.at < split || e.kind === 'remove_from_cart') continue;
  const set = relevant.get(e.user) ?? new Set<number>();
  set.add(data.itemIndex.get(e.item)!);
  relevant.set(e.user, set);
}
const testUsers = [...relevant.keys()].sort((a, b) => hash(a) - hash(b));
const warm = testUsers.filter((u) => !coldUsers.has(u) && data.userIndex.has(u)).slice(0, EVAL_USERS);
const cold = testUsers.filter((u) => coldUsers.has(u));

/** Popularity by plain counts of training interactions: the honest baseline. */
const counts = new Float64Array(data.itemCount);
for (let k = 0; k < data.eventItem.length; k++) counts[data.eventItem[k]!]!++;

type Lists = Map<string, number[]>;
function listsFor(userId: string, context: { user: number; now: number }): Lists {
  const bought = data.purchased(context.user);
  const eligible = (i: number) => data.items[i]!.stock > 0 && !bought.has(i);
  const lists: Lists = new Map();
  lists.set(
    'hybrid',
    recommender.recommend({ context, count: K }).items.map((r) => r.item),
  );
  const plain = { maxPerLeaf: K, mmrLambda: 1, duplicateCosine: 2 };
  lists.set(
    'hybrid_no_diversity',
    recommender.recommend({ context, count: K, diversity: plain, newItemSlots: 0 }).items.map((r) => r.item),
  );
  lists.set(
    'most_popular',
    topN(counts, K, (i) => !eligible(i)),
  );
  for (const source of recommender.sources.list) {
    const own = source.candidates(context, 4 * K).filter((c) => eligible(c.item) || c.reason.source === 'replenish');
    lists.set(
      source.name,
      own.slice(0, K).map((c) => c.item),
    );
  }
  lists.set(
    'oracle',
    topN(truePreference(shop, userId), K, (i) => !eligible(i)),
  );
  lists.set(
    'oracle_taste_only',
    topN(truePreference(shop, userId, true), K, (i) => !eligible(i)),
  );
  return lists;
}

interface Scores {
  ndcg: number;
  recall: number;
  hit: number;
  ild: number;
  users: number;
  lists: number[][];
}
function score(group: string[], restrictTo?: Set<number>): Map<string, Scores> {
  const out = new Map<string, Scores>();
  for (const id of group) {
    let rel = relevant.get(id)!;
    if (restrictTo) rel = new Set([...rel].filter((i) => restrictTo.has(i)));
    if (rel.size === 0) continue;
    const context = { user: data.userIndex.get(id) ?? -1, now: split };
    for (const [name, list] of listsFor(id, context)) {
      const s = out.get(name) ?? { ndcg: 0, recall: 0, hit: 0, ild: 0, users: 0, lists: [] };
      s.ndcg += ndcgAt(list, rel, K);
      s.recall += recallAt(list, rel, K);
      s.hit += hitAt(list, rel, K);
      s.ild += intraListDiversity(list, (a, b) => data.cosine(a, b));
      s.users++;
      s.lists.push(list);
      out.set(name, s);
    }
  }
  for (const s of out.values()) {
    s.ndcg /= s.users;
    s.recall /= s.users;
    s.hit /= s.users;
    s.ild /= s.users;
  }
  return out;
}

const warmScores = score(warm);
const coldScores = score(cold);
const newItemIndex = new Set([...newItems].map((id) => data.itemIndex.get(id)!));
const newItemScores = score(warm, newItemIndex);
progress(`scored ${warm.length} warm, ${cold.length} cold-start users; ${Date.now() - started} ms`);

const table = (title: string, scores: Map<string, Scores>) => {
  progress(`\n${title}`);
  progress('list                 NDCG@10  Recall@10  HitRate@10  coverage  ILD    users');
  for (const [name, s] of scores) {
    progress(
      `${name.padEnd(20)} ${s.ndcg.toFixed(4)}   ${s.recall.toFixed(4)}     ${s.hit.toFixed(4)}      ${coverage(s.lists, data.itemCount).toFixed(3)}     ${s.ild.toFixed(3)}  ${s.users}`,
    );
  }
};
table('warm users (history before the split)', warmScores);
table('cold-start users (no history)', coldScores);
table('new items only (relevance = new items a warm user engaged with)', newItemScores);

const base = warmScores.get('most_popular')!;
const hybrid = warmScores.get('hybrid')!;
const oracle = warmScores.get('oracle')!;
printEval('recommend_hybrid', 'NDCG@10', hybrid.ndcg, base.ndcg);
printEval('recommend_hybrid', 'Recall@10', hybrid.recall, base.recall);
printEval('recommend_hybrid', 'HitRate@10', hybrid.hit, base.hit);
printEval('recommend_hybrid', 'coverage', coverage(hybrid.lists, data.itemCount), coverage(base.lists, data.itemCount));
printEval('recommend_hybrid', 'ILD', hybrid.ild, base.ild);
printEval('recommend_hybrid_no_diversity', 'NDCG@10', warmScores.get('hybrid_no_diversity')!.ndcg, base.ndcg);
printEval('recommend_oracle', 'NDCG@10', oracle.ndcg, base.ndcg);
printEval('recommend_oracle_taste_only', 'NDCG@10', warmScores.get('oracle_taste_only')!.ndcg, base.ndcg);
printEval('recommend_hybrid_share_of_oracle', 'NDCG@10_ratio', hybrid.ndcg / oracle.ndcg, 0.5);
printEval('recommend_hybrid_over_most_popular', 'NDCG@10_ratio', hybrid.ndcg / base.ndcg, 3);
// The same ratio for the shop's true preference: the 3x goal is only within reach where this is above 3.
printEval('recommend_oracle_over_most_popular', 'NDCG@10_ratio', oracle.ndcg / base.ndcg, 3);
for (const source of recommender.sources.list) {
  const s = warmScores.get(source.name)!;
  printEval(`recommend_${source.name}`, 'NDCG@10', s.ndcg, base.ndcg);
}
const coldHybrid = coldScores.get('hybrid');
const coldBase = coldScores.get('most_popular');
if (coldHybrid && coldBase) printEval('recommend_hybrid_cold_start', 'NDCG@10', coldHybrid.ndcg, coldBase.ndcg);
const newHybrid = newItemScores.get('hybrid');
const newBase = newItemScores.get('most_popular');
if (newHybrid && newBase) printEval('recommend_hybrid_new_items', 'Recall@10', newHybrid.recall, newBase.recall);
const newContent = newItemScores.get('content');
if (newContent && newBase) printEval('recommend_content_new_items', 'Recall@10', newContent.recall, newBase.recall);

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
