// bench/recommend-live: the recommender's live history. (1) What following events.clean.v1 costs a
// clean event: the batched records decoded as every consumer decodes them (the baseline), then also
// taken into the per-user history. (2) What it does to Recommend's CPU a call, on one trained model
// with stored lists, beside the same service without a history (rounds alternated): the usual mix
// of known users once their lists have caught up with the held events; a known user's request right after a new
// event of theirs (scored in full, then stored); a user the model does not know, folded in from
// held events instead of the cold list.
import { type CleanEvent, RecommendRequest, Topics } from '@demand/contracts';
import { HybridRecommender, RankFusion, scoredTotal, trainHybrid } from '@demand/recommend';
import { RecentHistory, RecommendService, recentEventOf } from '@demand/recommender';
import { shopCleanEvents } from './clean-events.js';
import { shopData } from './recommend-shop.js';
import { median, printBench, progress, threadCpuMicros } from './report.js';

const EVENTS = 200_000;
const PER_RECORD = 500;
const ROUNDS = 3;
const REQUESTS = 2000;

// (1) The consumer's work a clean event.
const batched = Topics.eventsClean.batched!;
const records: Uint8Array[] = [];
{
  const events = shopCleanEvents(EVENTS, 7, 'live');
  for (let at = 0; at < events.length; at += PER_RECORD)
    records.push(batched.encode(events.slice(at, at + PER_RECORD)));
}
function consume(history: RecentHistory | undefined): number {
  const used = threadCpuMicros();
  let seen = 0;
  for (const bytes of records)
    for (const value of batched.decode(bytes) as CleanEvent[]) {
      seen++;
      if (!history) continue;
      const recent = recentEventOf(value);
      if (recent) history.record(recent.user, recent.event);
    }
  return used() / seen;
}
const decodeOnly: number[] = [];
const withHistory: number[] = [];
let held = new RecentHistory({ maxUsers: 100_000, perUser: 20 });
for (let k = 0; k < ROUNDS; k++) {
  decodeOnly.push(consume(undefined));
  held = new RecentHistory({ maxUsers: 100_000, perUser: 20 });
  withHistory.push(consume(held));
}
progress(
  `recommend-live: ${EVENTS} clean events in records of ${PER_RECORD}: decoded ${median(decodeOnly).toFixed(2)} µs an event, ` +
    `decoded and held ${median(withHistory).toFixed(2)} µs (medians of ${ROUNDS}, alternated); ${held.size} users held`,
);
printBench('recommend_live_event_cpu', median(withHistory), 'us', median(decodeOnly));

// (2) Recommend with and without the history.
let t = performance.now();
const shop = shopData({ seed: 5, users: 3000, items: 5000, days: 28 });
const cutoff = shop.startMs + 28 * 86_400_000;
// As the service's training run builds its model: the learnt arm with stored lists, and rank fusion beside it.
const { recommender: learned } = trainHybrid(shop.items, shop.interactions, cutoff);
learned.rankUsers(cutoff, 100, 3_600_000);
const fusion = new HybridRecommender(
  learned.data,
  learned.sources,
  new RankFusion(),
  learned.perSource,
  learned.coldRanker,
);
const trained = { kind: 'trained' as const, learned, fusion, versions: {} };
const data = learned.data;
progress(
  `recommend-live: model on ${data.itemCount} items, ${data.userCount} users, trained in ${Math.round(performance.now() - t)} ms`,
);

let clock = cutoff + 60_000;
const service = (history?: RecentHistory) =>
  new RecommendService(
    trained,
    { publish: () => undefined },
    {
      arms: [{ name: 'control', weight: 100, variant: 'learned' as const }],
      armSalt: 'bench',
      newId: () => 'rec',
      clock: () => new Date(clock),
      ...(history ? { history } : {}),
    },
  );
const ask = (userId: string) => RecommendRequest.fromPartial({ userId, page: 'home', count: 10 });
const knownUser = (r: number) => data.users[(r * 7919) % data.userCount]!;
const stranger = (r: number) => `stranger-${r % 500}`;
// Known users, and one request in ten a user the model does not know.
const mix = Array.from({ length: REQUESTS }, (_, r) => ask(r % 10 === 9 ? stranger(r) : knownUser(r)));

// Held events since training: a quarter of the known users viewed four items and bought one; every stranger viewed five.
const history = new RecentHistory({ maxUsers: 100_000, perUser: 20 });
const item = (n: number) => data.items[(n * 104729) % data.itemCount]!.id;
for (let r = 0; r < REQUESTS; r++) {
  const user = mix[r]!.userId;
  if (history.of(user) || (r % 10 !== 9 && r % 4 !== 0)) continue;
  for (let k = 0; k < 5; k++)
    history.record(user, {
      item: item(r * 5 + k),
      kind: k === 4 && r % 10 !== 9 ? 'purchase' : 'view',
      at: cutoff + k,
    });
}

/** CPU µs a call over `requests` on `on`, `before` run ahead of each call (outside nothing: it is counted). */
async function cpuPerCall(on: RecommendService, requests: readonly RecommendRequest[], before?: (r: number) => void) {
  const used = threadCpuMicros();
  for (let r = 0; r < requests.length; r++) {
    before?.(r);
    await on.answer(requests[r]!);
  }
  return used() / requests.length / 1000;
}

t = performance.now();
const plain = service();
const live = service(history);
const known = mix.filter((_, r) => r % 10 !== 9);
const strangers = mix.filter((_, r) => r % 10 === 9);
await cpuPerCall(live, known); // the lists of users with held events are scored once with them, then stored
const steady = { plain: [] as number[], live: [] as number[] };
for (let k = 0; k < ROUNDS; k++) {
  steady.plain.push(await cpuPerCall(plain, known));
  steady.live.push(await cpuPerCall(live, known));
}
const tally = live.listTally().learned;
progress(
  `recommend-live: ${known.length} known users' requests (a quarter of them with held events, their lists scored ` +
    `with them): ${median(steady.plain).toFixed(3)} ms CPU a call without history, ${median(steady.live).toFixed(3)} ms ` +
    `with (lists served ${tally.served}, scored ${scoredTotal(tally)} over all rounds, the first included)`,
);
printBench('recommend_live_history_cpu_per_request', median(steady.live), 'ms', median(steady.plain));

// A known user's request right after a new event of theirs, beside the same users' requests from their lists.
const fresh = new RecentHistory({ maxUsers: 100_000, perUser: 20 });
const afterEvent = service(fresh);
const rounds = { list: [] as number[], afterEvent: [] as number[] };
for (let k = 0; k < ROUNDS; k++) {
  rounds.list.push(await cpuPerCall(plain, known));
  clock += 1000;
  rounds.afterEvent.push(
    await cpuPerCall(afterEvent, known, (r) =>
      fresh.record(known[r]!.userId, { item: item(r), kind: 'view', at: clock - 500 + r / known.length }),
    ),
  );
}
progress(
  `recommend-live: known users, ${median(rounds.list).toFixed(3)} ms CPU a call from the stored list, ` +
    `${median(rounds.afterEvent).toFixed(3)} ms right after a new event (scored in full and stored again)`,
);
printBench('recommend_live_after_event_cpu_per_request', median(rounds.afterEvent), 'ms', median(rounds.list));

// Users the model does not know: the cold list without history, folded in from five held events with it.
const cold = { plain: [] as number[], live: [] as number[] };
for (let k = 0; k < ROUNDS; k++) {
  cold.plain.push(await cpuPerCall(plain, strangers));
  cold.live.push(await cpuPerCall(live, strangers));
}
progress(
  `recommend-live: unknown users, ${median(cold.plain).toFixed(3)} ms CPU a call for the cold list, ` +
    `${median(cold.live).toFixed(3)} ms folded in from held events; measured in ${Math.round(performance.now() - t)} ms`,
);
printBench('recommend_live_fold_in_cpu_per_request', median(cold.live), 'ms', median(cold.plain));
