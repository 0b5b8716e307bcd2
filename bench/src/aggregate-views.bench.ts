// bench/aggregate-views: what each materialized view over clean_events and the table's projections cost
// at insert, each measured on its own. For every view (and projection) a fresh copy of the raw table gets
// only that one attached, and the same 100k clean events are inserted in 50k-row blocks; the figure is
// its CPU time per row above the bare table's (merges stopped), the median of paired rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compactRow, EVENT_COLUMNS, EVENTS_TABLE, migrationsDirectory, toRows } from '@demand/aggregator';
import { createAnalyticsStore, runMigrations, type AnalyticsStore } from '@demand/analytics-store';
import { shopCleanEvents } from './clean-events.js';
import { cpuMicros, median, printBench, progress } from './report.js';

const EVENTS = Number(process.env.BENCH_VIEWS_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_VIEWS_ROUNDS ?? 3);
const BLOCK = 50_000;

function rows(): unknown[][] {
  return toRows(shopCleanEvents(EVENTS, 23, 'views')).events.map(compactRow);
}

interface Part {
  name: string;
  /** Statements that attach it to `bench_events` (and create what it writes to). */
  attach: string[];
}

/** Every view over clean_events and every projection of it, as statements against a copy named bench_events. */
async function parts(store: AnalyticsStore): Promise<Part[]> {
  const views = await store.query<{ name: string; create: string; target: string }>(
    `SELECT name, create_table_query AS create, arrayElement(dependencies_table, 1) AS target
     FROM system.tables WHERE database = currentDatabase() AND engine = 'MaterializedView' ORDER BY name`,
  );
  const fromSource = `FROM\\s+(?:\`?\\w+\`?\\.)?\`?${EVENTS_TABLE}\`?(?=\\s|$)`;
  const out: Part[] = [];
  for (const view of views.filter((v) => new RegExp(fromSource).test(v.create))) {
    const target = /\bTO\s+(?:`?\w+`?\.)?`?(\w+)`?/.exec(view.create)?.[1];
    if (!target) throw new Error(`no target in ${view.create}`);
    const create = view.create
      .replace(/^CREATE MATERIALIZED VIEW\s+\S+/, `CREATE MATERIALIZED VIEW bench_mv_${view.name}`)
      .replace(/\bTO\s+\S+/, `TO bench_target_${target}`)
      .replace(new RegExp(fromSource, 'g'), 'FROM bench_events');
    out.push({ name: view.name, attach: [`CREATE TABLE bench_target_${target} AS ${target}`, create] });
  }
  const projections = await store.query<{ name: string; query: string }>(
    `SELECT name, query FROM system.projections WHERE database = currentDatabase() AND table = '${EVENTS_TABLE}'`,
  );
  for (const p of projections) {
    out.push({
      name: `projection_${p.name}`,
      attach: [`ALTER TABLE bench_events ADD PROJECTION ${p.name} (${p.query})`],
    });
  }
  return out;
}

/** CPU time of the whole process (chdb's threads included) for inserting `data`, µs: steadier than wall time on a shared box. */
async function timedInsert(store: AnalyticsStore, data: unknown[][]): Promise<number> {
  const used = cpuMicros();
  for (let i = 0; i < data.length; i += BLOCK)
    await store.insertCompact('bench_events', EVENT_COLUMNS, data.slice(i, i + BLOCK));
  return used();
}

async function dropBench(store: AnalyticsStore): Promise<void> {
  const tables = await store.query<{ name: string }>(
    "SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, 'bench_') ORDER BY engine = 'MaterializedView' DESC",
  );
  for (const { name } of tables) await store.command(`DROP TABLE ${name} SYNC`);
}

/** µs per row of a bare copy of clean_events (no view, no projection), then with `part` attached. */
async function paired(store: AnalyticsStore, data: unknown[][], part: Part | undefined): Promise<number> {
  await dropBench(store);
  await store.command(`CREATE TABLE bench_events AS ${EVENTS_TABLE}`);
  for (const p of await store.query<{ name: string }>(
    "SELECT name FROM system.projections WHERE database = currentDatabase() AND table = 'bench_events'",
  ))
    await store.command(`ALTER TABLE bench_events DROP PROJECTION ${p.name}`);
  for (const statement of part?.attach ?? []) await store.command(statement);
  return (await timedInsert(store, data)) / data.length;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-views-'));
const store = createAnalyticsStore({ mode: 'embedded', path: dataDir });
try {
  await runMigrations(store, { owner: 'aggregator', directory: migrationsDirectory });
  // Insert cost only: background merges of earlier rounds would land in later ones.
  await store.command('SYSTEM STOP MERGES');
  const data = rows();
  const list = await parts(store);
  progress(`aggregate-views: ${data.length} rows; parts: ${list.map((p) => p.name).join(', ')}`);
  await paired(store, data, undefined); // warm-up
  const bare: number[] = [];
  const costs = new Map<string, number[]>(list.map((p) => [p.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const part of list) {
      // Alternating which goes first cancels what the order itself costs (a fresh table's first parts).
      const first = await paired(store, data, round % 2 === 0 ? undefined : part);
      const second = await paired(store, data, round % 2 === 0 ? part : undefined);
      const [base, withPart] = round % 2 === 0 ? [first, second] : [second, first];
      bare.push(base);
      costs.get(part.name)!.push(withPart - base);
      progress(
        `  round ${round + 1} ${part.name}: bare ${base.toFixed(2)} µs CPU/row, +${(withPart - base).toFixed(2)}`,
      );
    }
  }
  const bareUs = median(bare);
  let total = 0;
  for (const [name, values] of costs) {
    const cost = median(values);
    total += cost;
    printBench(`aggregate_view_cost_${name}`, cost, 'us/row', bareUs);
  }
  printBench('aggregate_view_cost_all', total, 'us/row', bareUs);
} finally {
  await dropBench(store).catch(() => undefined);
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
