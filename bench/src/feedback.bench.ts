// bench/feedback: what one GetModelMetrics call computes in memory over a day's window: attribution
// of outcomes to served lists (named lists and last touch) and the metrics per version × arm × page.
// Baseline, measured in the same run: the least any in-memory pass does, indexing every list by id
// and counting its distinct items once. The goal: a day of 10 M lists answered in 10 s (1 M lists/s).
import { attributeOutcomes, groupedMetrics, type Outcome, type ServedList } from '@demand/online-metrics';
import { printBench, progress } from './report.js';

const LISTS = Number(process.env.BENCH_FEEDBACK_LISTS ?? 1_000_000);
const USERS = Math.max(1, Math.floor(LISTS / 5));
const HOUR = 3_600_000;

let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

const lists: ServedList[] = [];
const outcomes: Outcome[] = [];
for (let i = 0; i < LISTS; i++) {
  const userId = `u${Math.floor(random() * USERS)}`;
  const servedAtMs = Math.floor(random() * 24 * HOUR);
  const itemIds = Array.from({ length: 10 }, () => `i${Math.floor(random() * 50_000)}`);
  const arm = random() < 0.9 ? 'control' : 'treatment';
  const page = random() < 0.5 ? 'home' : 'detail';
  lists.push({ recommendationId: `r${i}`, userId, servedAtMs, itemIds, arm, modelVersion: `v-${arm}`, segment: page });
  if (random() < 0.1) {
    const position = Math.floor(random() * 10);
    const base = { userId, itemId: itemIds[position]!, revenue: 0 };
    outcomes.push({ ...base, eventId: `c${i}`, kind: 'click', atMs: servedAtMs + 60_000, recommendationId: `r${i}` });
    if (random() < 0.3)
      outcomes.push({ ...base, eventId: `p${i}`, kind: 'purchase', atMs: servedAtMs + HOUR, revenue: 50 });
  }
}
progress(`feedback bench: ${LISTS} lists, ${outcomes.length} outcomes`);

const rules = { windowMs: { click: 30 * 60_000, cart: 24 * HOUR, purchase: 24 * HOUR }, maxPosition: 20 };
const runs: number[] = [];
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  const credits = attributeOutcomes(lists, outcomes, rules);
  const groups = groupedMetrics(lists, credits, { fromMs: 0, toMs: 24 * HOUR }, 50_000);
  runs.push(performance.now() - started);
  if (groups.length !== 6) throw new Error(`expected 6 groups, got ${groups.length}`);
}
const bareRuns: number[] = [];
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  const byId = new Map<string, ServedList>();
  const items = new Set<string>();
  for (const list of lists) {
    byId.set(list.recommendationId, list);
    for (const item of list.itemIds) items.add(item);
  }
  bareRuns.push(performance.now() - started);
  if (byId.size !== LISTS) throw new Error('lists lost');
}
const rate = (ms: number[]) => LISTS / (Math.min(...ms) / 1000);
printBench('feedback_metrics_window', rate(runs), 'lists/s', rate(bareRuns));
