import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import type { Environment } from '@demand/config';
import { createShop } from '@demand/testkit';
import { createLogger, type Telemetry } from '@demand/telemetry';
import type { LocalConfig } from './config.js';
import { consoleProblems } from './console-lines.js';
import { storedEventCounter, streamShop, type TrafficProgress } from './demo-traffic.js';
import { startLocalPlatform, type LocalPlatform } from './local-platform.js';
import { printWelcome } from './welcome.js';

function nextRunNumber(dataDir: string): number {
  const file = path.join(dataDir, 'runs.json');
  let runs = 0;
  try {
    runs = (JSON.parse(readFileSync(file, 'utf8')) as { runs: number }).runs;
  } catch {
    runs = 0;
  }
  writeFileSync(file, JSON.stringify({ runs: runs + 1 }));
  return runs + 1;
}

function progressPrinter(): (p: TrafficProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    const done = p.stored >= p.total;
    if (!done && now - last < (process.stdout.isTTY ? 250 : 5000)) return;
    last = now;
    const line = `  traffic: sent ${p.sent.toLocaleString('en')}/${p.total.toLocaleString('en')} events · stored ${p.stored.toLocaleString('en')} · ${Math.round(p.eventsPerSecond).toLocaleString('en')} events/s`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line.padEnd(100)}${done ? '\n' : ''}`);
    else process.stdout.write(`${line}\n`);
  };
}

/** An item the store knows (the most viewed), for the printed examples; undefined before any import. */
async function someStoredItem(platform: LocalPlatform): Promise<string | undefined> {
  const rows = await platform.analytics.query<{ item_id: string }>(
    "SELECT item_id FROM item_daily_counts WHERE kind = 'view' GROUP BY item_id ORDER BY sum(events) DESC LIMIT 1",
  );
  if (rows[0]) return rows[0].item_id;
  const items = await platform.analytics.query<{ item_id: string }>('SELECT item_id FROM items LIMIT 1');
  return items[0]?.item_id;
}

/** `make run`: the platform on embedded engines, a synthetic shop streamed through it, until Ctrl-C. */
export async function runLocal(config: LocalConfig, environment: Environment, telemetry: Telemetry): Promise<void> {
  const dataDir = path.resolve(config.LOCAL_DATA_DIR);
  const logFile = path.join(dataDir, 'logs', 'platform.log');
  const logDestination = pino.destination({ dest: logFile, mkdir: true, sync: false });
  const loggerFor = (service: string) =>
    createLogger({
      service,
      level: config.LOG_LEVEL,
      destination: logDestination,
      problemsDestination: consoleProblems((line) => process.stderr.write(`${line}\n`)),
    });
  const log = loggerFor('local');
  console.log(`Starting the Demand Mining Platform (data: ${dataDir}, logs: ${logFile})`);

  let platform: LocalPlatform | undefined;
  let stopping: Promise<void> | undefined;
  const traffic = new AbortController();
  const stop = () =>
    (stopping ??= (async () => {
      traffic.abort();
      console.log('\nStopping: draining consumers, closing stores and the broker...');
      await platform?.stop();
      await telemetry.shutdown();
      logDestination.flushSync();
      console.log('Stopped.');
    })());
  process.once(
    'SIGINT',
    () =>
      void stop().then(
        () => process.exit(0),
        () => process.exit(1),
      ),
  );
  process.once(
    'SIGTERM',
    () =>
      void stop().then(
        () => process.exit(0),
        () => process.exit(1),
      ),
  );

  platform = await startLocalPlatform({
    dataDir,
    // The demo's shop reaches ClickHouse after start-up: the recommender retrains every minute
    // (unless set) so it moves from the cold list to a model trained on what arrived.
    env: { RECOMMENDER_RETRAIN_MS: '60000', ...environment },
    kafkaPortBase: config.LOCAL_KAFKA_PORT,
    fixedPorts: true,
    analyticsStatementTimeoutMs: config.ANALYTICS_STATEMENT_TIMEOUT_MS,
    loggerFor,
    requireApiKeys: config.LOCAL_REQUIRE_API_KEYS,
  });
  console.log(
    `All ${platform.services.size} services are up; the local Kafka broker listens on ${platform.kafkaBrokers.join(', ')}.`,
  );
  console.log(`Web console: ${platform.httpAddress('gateway')}/console/ (opens while the demo shop streams in)`);

  let topItem: string | undefined;
  if (config.LOCAL_DEMO) {
    const run = nextRunNumber(dataDir);
    const startDay = new Date(Date.now() - config.LOCAL_DEMO_DAYS * 86_400_000).toISOString().slice(0, 10);
    const shop = createShop({
      seed: config.LOCAL_DEMO_SEED,
      users: config.LOCAL_DEMO_USERS,
      items: config.LOCAL_DEMO_ITEMS,
      startDay,
    });
    console.log(
      `Streaming a synthetic shop (${shop.items.length} items, ${shop.users.length} users, ${config.LOCAL_DEMO_DAYS} days from ${startDay}, run ${run}) through collector → preprocessor → aggregator:`,
    );
    const events = [
      ...shop.generateEvents({
        days: config.LOCAL_DEMO_DAYS,
        maxEvents: config.LOCAL_DEMO_MAX_EVENTS,
        runId: `run${run}`,
      }),
    ];
    const views = await streamShop(shop, events, events.length, {
      collectorAddress: platform.grpcAddress('collector'),
      ...(platform.apiKey ? { apiKey: platform.apiKey } : {}),
      storedEvents: storedEventCounter(platform.analytics),
      batchSize: 500,
      maxInFlight: 40_000,
      onProgress: progressPrinter(),
      signal: traffic.signal,
    });
    if (traffic.signal.aborted) return new Promise<void>(() => undefined);
    topItem = [...views.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    log.info({ events: events.length, run }, 'demo traffic streamed');
  }
  printWelcome(platform, topItem ?? (await someStoredItem(platform)), logFile);
  await new Promise<void>(() => undefined);
}
