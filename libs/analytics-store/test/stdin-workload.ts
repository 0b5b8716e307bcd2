/**
 * A child-process workload for the standard-input regression test and
 * scripts/stdin-repro.mjs: six callers insert (both insert paths) and query at once on a fresh store, the way
 * the "several callers" integration test does, with whatever stdin the parent gave this
 * process. Prints one JSON line: whether fd 0 is a terminal, and each service's stored row
 * count and distinct seq count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isatty } from 'node:tty';
import { createAnalyticsStore } from '../src/index.js';

export const SERVICES = ['collector', 'preprocessor', 'aggregator', 'forecaster', 'recommender', 'feedback'];
export const ROUNDS = 8;
export const PER_ROUND = 40;

async function main(): Promise<void> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'analytics-store-stdin-'));
  const store = createAnalyticsStore({ mode: 'embedded', path: directory });
  try {
    await store.command(
      'CREATE TABLE signals (service String, seq UInt32, payload String) ENGINE = MergeTree ORDER BY (service, seq)',
    );
    const caller = async (service: string) => {
      for (let round = 0; round < ROUNDS; round++) {
        const rows = Array.from({ length: PER_ROUND }, (_, i) => ({
          service,
          seq: round * PER_ROUND + i,
          payload: `${service}-${round}-${i}`,
        }));
        // Both insert paths: objects (insert) and value arrays (insertCompact).
        if (round % 2 === 0) await store.insert('signals', rows);
        else
          await store.insertCompact(
            'signals',
            ['service', 'seq', 'payload'],
            rows.map((r) => [r.service, r.seq, r.payload]),
          );
        await store.query('SELECT count() AS n FROM signals WHERE service = {service:String}', { service });
        await store.query('SELECT sum(cityHash64(number)) AS s FROM numbers(200000)');
      }
    };
    await Promise.all([...SERVICES.map(caller), store.ping()]);
    const totals = await store.query<{ service: string; n: number; distinct: number }>(
      'SELECT service, count() AS n, uniqExact(seq) AS distinct FROM signals GROUP BY service ORDER BY service',
    );
    process.stdout.write(`${JSON.stringify({ stdinIsTTY: isatty(0), totals })}\n`);
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${Error.isError(error) ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
