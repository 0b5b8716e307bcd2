// The `./demand import` client's CPU a line, two builds alternately in one process (the figures of benchmarks.md's
// "import, session 15"): each build's `runImport` (its `tools/cli/dist/src/import.js`) sends FILE to a collector at
// 127.0.0.1:PORT (bench/scripts/import-stub-collector.mjs, in its own process), one warm-up each, then PAIRS pairs,
// the order flipped every other pair; `process.cpuUsage` around each import (start-up not included). Not part of
// `make bench`. FILE: bench/scripts/import-history.mjs writes the pipeline bench's history. Extra arguments go to
// both imports (e.g. --batch 5000).
//   node bench/scripts/import-client-ab.mjs <old repository root> <new repository root> FILE PORT PAIRS [args...]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [oldRoot, newRoot, file, port, pairs, ...extra] = process.argv.slice(2);
const load = (root) => import(pathToFileURL(path.resolve(root, 'tools/cli/dist/src/import.js')).href);
const builds = { old: await load(oldRoot), new: await load(newRoot) };
const io = { stdout: () => {}, stderr: () => {}, readStdin: async () => '' };
const lines = Number(execFileSync('wc', ['-l', file]).toString().trim().split(' ')[0]);

async function once(name) {
  global.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await builds[name].runImport(['--collector', `127.0.0.1:${port}`, ...extra, file], io, {});
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  if (code !== 0) throw new Error(`${name} exited ${code}`);
  return { us: (c.user + c.system) / lines, user: c.user / lines, sys: c.system / lines, wall };
}

await once('old');
await once('new');
const rows = { old: [], new: [] };
for (let i = 0; i < Number(pairs); i++) {
  for (const name of i % 2 === 0 ? ['old', 'new'] : ['new', 'old']) {
    const r = await once(name);
    rows[name].push(r);
    const parts = `user ${r.user.toFixed(2)} sys ${r.sys.toFixed(2)}`;
    console.log(`${name} ${r.us.toFixed(2)} µs/line (${parts}) wall ${(r.wall / 1000).toFixed(2)} s`);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const of = (name, key) => median(rows[name].map((r) => r[key]));
console.log(`median µs/line old ${of('old', 'us').toFixed(2)} new ${of('new', 'us').toFixed(2)}`);
console.log(
  `median wall old ${(of('old', 'wall') / 1000).toFixed(2)} s new ${(of('new', 'wall') / 1000).toFixed(2)} s`,
);
