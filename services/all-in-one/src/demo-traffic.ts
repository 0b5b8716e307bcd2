import type { AnalyticsStore } from '@demand/analytics-store';
import {
  CollectorClient,
  type Event,
  type ItemUpsert,
  type TrackBatchResponse,
  type UpsertItemsResponse,
  withApiKey,
  withPushback,
} from '@demand/contracts';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import type { Shop } from '@demand/testkit';

export interface TrafficProgress {
  sent: number;
  stored: number;
  total: number;
  eventsPerSecond: number;
}

export interface TrafficOptions {
  collectorAddress: string;
  /** Sent with every call when the collector requires API keys. */
  apiKey?: string;
  /** Counts behaviour events stored downstream, for back-pressure and progress. */
  storedEvents: () => Promise<number>;
  batchSize: number;
  /** At most this many events may be sent and not yet stored (the local broker keeps little). */
  maxInFlight: number;
  onProgress(progress: TrafficProgress): void;
  /** Aborted when the platform stops: streaming ends quietly, a call cut short by the stop is no error. */
  signal?: AbortSignal;
}

function unary<Res>(invoke: (callback: (error: ServiceError | null, response: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => invoke((error, response) => (error ? reject(error) : resolve(response))));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Streams a synthetic shop through the real front door (Collector gRPC), pacing itself by
 * what has reached the store so the bus is never outrun. Returns views per item.
 */
export async function streamShop(
  shop: Shop,
  events: Iterable<Event>,
  total: number,
  options: TrafficOptions,
): Promise<Map<string, number>> {
  const client = new CollectorClient(
    options.collectorAddress,
    credentials.createInsecure(),
    withApiKey(options.apiKey),
  );
  const views = new Map<string, number>();
  const stopped = () => options.signal?.aborted === true;
  try {
    await sendAll();
  } catch (error) {
    if (!stopped()) throw error;
  } finally {
    client.close();
  }
  return views;

  async function sendAll(): Promise<void> {
    const items = shop
      .itemUpsertEvents()
      .flatMap((e): ItemUpsert[] => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
    for (let i = 0; i < items.length; i += options.batchSize) {
      await unary<UpsertItemsResponse>((cb) =>
        client.upsertItems({ items: items.slice(i, i + options.batchSize) }, cb),
      );
    }
    const storedAtStart = await options.storedEvents();
    const started = Date.now();
    let sent = 0;
    let stored = 0;
    let batch: Event[] = [];
    const report = () =>
      options.onProgress({
        sent,
        stored,
        total,
        eventsPerSecond: stored / Math.max(0.001, (Date.now() - started) / 1000),
      });
    const flush = async () => {
      while (sent - stored > options.maxInFlight && !stopped()) {
        await sleep(100);
        stored = (await options.storedEvents()) - storedAtStart;
        report();
      }
      await withPushback(() => unary<TrackBatchResponse>((cb) => client.trackBatch({ events: batch }, cb)));
      sent += batch.length;
      batch = [];
    };
    for (const event of events) {
      if (stopped()) return;
      if (event.payload?.$case === 'view')
        views.set(event.payload.view.itemId, (views.get(event.payload.view.itemId) ?? 0) + 1);
      batch.push(event);
      if (batch.length >= options.batchSize) await flush();
    }
    if (batch.length > 0 && !stopped()) await flush();
    const deadline = Date.now() + 120_000;
    while (stored < sent && Date.now() < deadline && !stopped()) {
      await sleep(200);
      stored = (await options.storedEvents()) - storedAtStart;
      report();
    }
    report();
    if (stored < sent && !stopped())
      throw new Error(`only ${stored} of ${sent} events reached the store after 2 minutes; see the log`);
  }
}

/** Behaviour events stored by the aggregator so far. */
export function storedEventCounter(analytics: AnalyticsStore): () => Promise<number> {
  return async () => {
    const rows = await analytics.query<{ n: number }>('SELECT count() AS n FROM clean_events');
    return Number(rows[0]?.n ?? 0);
  };
}
