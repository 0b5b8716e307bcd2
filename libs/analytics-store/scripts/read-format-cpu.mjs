// Process CPU (chdb's threads included) of reading 100k rows of the profile read's 12 columns through
// @clickhouse/client on chdb, per 1,000 rows: `query`'s path (JSONEachRow, `json()`), queryCompact's path
// (JSONCompactEachRow through `stream()`, each row's text parsed with JSON.parse), the client's `json()` on
// JSONCompactEachRow, and the whole body as `text()` split at line breaks (which skips the client's check for
// an exception sent mid-stream). The variants alternate, the order reversed every round; per-round ratios.
// Usage: node libs/analytics-store/scripts/read-format-cpu.mjs [rounds=15]
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { createClient } = require('@clickhouse/client');
const { createChdbConnection } = require('chdb/connection');

const ROWS = 100_000;
const rounds = Number(process.argv[2] ?? 15);
const directory = mkdtempSync(path.join(os.tmpdir(), 'read-format-cpu-'));
const client = createClient({
  connection: createChdbConnection({ path: directory }),
  clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
});
const columns =
  'event_id String, user_id String, item_id String, session_id String, order_id String, kind String, at Int64, ' +
  'quantity UInt32, unit_price Float64, rating UInt8, label String, probability Float64';
await client.command({ query: `CREATE TABLE ev (${columns}) ENGINE = MergeTree ORDER BY (user_id, at)` });
await client.command({
  query:
    "INSERT INTO ev SELECT generateUUIDv4(), concat('u', toString(number % 18000)), concat('item-', " +
    "toString(number % 20000)), concat('s', toString(number % 90000)), if(number % 7 = 0, concat('o', " +
    "toString(number)), ''), ['view', 'click', 'add_to_cart', 'purchase'][number % 4 + 1], " +
    `1700000000000 + number * 1000, number % 3, 12.5, 0, '', 0 FROM numbers(${ROWS})`,
});
const sql =
  'SELECT event_id, user_id, item_id, session_id, order_id, kind, at, quantity, unit_price, rating, label, ' +
  'probability FROM ev';
const compact = () => client.query({ query: sql, format: 'JSONCompactEachRow' });

const variants = {
  query: async () => (await client.query({ query: sql, format: 'JSONEachRow' })).json(),
  queryCompact: async () => {
    const rows = [];
    for await (const chunk of (await compact()).stream()) for (const row of chunk) rows.push(JSON.parse(row.text));
    return rows;
  },
  compactJson: async () => (await compact()).json(),
  compactText: async () => {
    const text = await (await compact()).text();
    const rows = [];
    for (let start = 0, end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
      rows.push(JSON.parse(text.slice(start, end)));
    }
    return rows;
  },
};

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const names = Object.keys(variants);
const perThousand = Object.fromEntries(names.map((name) => [name, []]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const start = cpuMs();
      const rows = await variants[name]();
      if (rows.length !== ROWS) throw new Error(`${name} read ${rows.length} rows`);
      perThousand[name].push((cpuMs() - start) / (ROWS / 1000));
    }
  }
} finally {
  await client.close();
  rmSync(directory, { recursive: true, force: true });
}
for (const name of names) {
  const values = perThousand[name];
  console.log(
    `${name.padEnd(12)} ms per 1,000 rows, median ${median(values).toFixed(2)}: ${values.map((v) => v.toFixed(1)).join(' ')}`,
  );
}
const ratio = (a, b) => median(perThousand[a].map((value, i) => value / perThousand[b][i])).toFixed(3);
console.log(
  `per-round ratios (medians): queryCompact / query ${ratio('queryCompact', 'query')}, ` +
    `queryCompact / compactText ${ratio('queryCompact', 'compactText')}, ` +
    `compactJson / compactText ${ratio('compactJson', 'compactText')}`,
);
