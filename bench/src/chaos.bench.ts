// bench/chaos: events streamed through TrackBatch while the brokers of the local cluster go
// down and come back one after another; afterwards every event must be stored once (none
// lost) and counted once in the aggregates (none double counted). Senders retry a refused
// batch as a shop's client would; the collector's idempotency by event id makes that safe.
import { Event, type ItemStats, type TrackBatchResponse } from '@demand/contracts';
import { startTestPlatform } from '@demand/test-e2e';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { printBench, progress } from './report.js';

const EVENTS = 20_000;
const BATCH = 100;
/** Pause between batches, so the stream spans several outages. */
const PACE_MS = 60;
const ITEMS = 40;
const USERS = 4_000;

const p = await startTestPlatform();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
try {
  const start = Date.UTC(2026, 10, 3, 8);
  const events = Array.from({ length: EVENTS }, (_, i) =>
    Event.fromPartial({
      eventId: `chaos-${i}`,
      userId: `u-${i % USERS}`,
      sessionId: `s-${i % USERS}`,
      occurredAt: new Date(start + Math.floor(i / USERS) * 600_000 + (i % USERS) * 100),
      payload: { $case: 'view', view: { itemId: `chaos-item-${(i * 7) % ITEMS}` } },
    }),
  );
  let sending = true;
  const chaos = (async () => {
    let round = 0;
    while (sending) {
      const broker = (round++ % 3) + 1;
      await p.platform.broker.command(`down ${broker}`);
      await sleep(1_000);
      await p.platform.broker.command(`up ${broker}`);
      await sleep(1_000);
    }
    return round;
  })();
  let retries = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH);
    for (;;) {
      const error = await new Promise<ServiceError | null>((resolve) =>
        p.collector.trackBatch(
          { events: batch },
          new Metadata(),
          { deadline: Date.now() + 15_000 },
          (e: ServiceError | null, _r: TrackBatchResponse) => resolve(e),
        ),
      );
      if (!error) break;
      if (error.code !== status.UNAVAILABLE && error.code !== status.DEADLINE_EXCEEDED) throw error;
      retries++;
      await sleep(200);
    }
    await sleep(PACE_MS);
  }
  sending = false;
  const outages = await chaos;
  progress(`chaos: ${EVENTS} events sent through ${outages} broker outages, ${retries} batches retried`);
  await p.drain(240_000);

  const [stored] = await p.platform.analytics.query<{ distinct: number; counted: number }>(
    `SELECT uniqExact(event_id) AS distinct,
            uniqExactIf(event_id, NOT arrayExists(f -> startsWith(f, 'bot:'), flags)) AS counted
       FROM clean_events WHERE startsWith(event_id, 'chaos-')`,
  );
  let aggregated = 0;
  for (let item = 0; item < ITEMS; item++) {
    const stats = await new Promise<ItemStats>((resolve, reject) =>
      p.features.getItemStats(
        { itemId: `chaos-item-${item}`, fromDay: '', toDay: '' },
        (e: ServiceError | null, r: ItemStats) => (e ? reject(e) : resolve(r)),
      ),
    );
    aggregated += stats.totals?.views ?? 0;
  }
  const lost = EVENTS - Number(stored?.distinct ?? 0);
  const doubleCounted = Math.max(0, aggregated - Number(stored?.counted ?? 0));
  progress(`chaos: stored ${stored?.distinct}, counted (not bots) ${stored?.counted}, aggregated views ${aggregated}`);
  printBench('chaos_events_lost', lost, 'events', 0);
  printBench('chaos_events_double_counted', doubleCounted, 'events', 0);
  printBench('chaos_events_undercounted', Math.max(0, Number(stored?.counted ?? 0) - aggregated), 'events', 0);
} finally {
  await p.stop();
}
