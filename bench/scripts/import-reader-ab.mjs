// The import's reader alone (`readImportChunks`: read, split, JSON.parse, the checked Event or item), two builds
// alternately in one process over FILE, one warm-up each, then PAIRS pairs (the order flipped every other pair);
// `process.cpuUsage` around each. Not part of `make bench` (figures in benchmarks.md's "import client, session 16").
//   node --expose-gc bench/scripts/import-reader-ab.mjs <old repository root> <new repository root> FILE [PAIRS (4)]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const [oldRoot, newRoot, file, pairs = 4] = process.argv.slice(2);
const load = (root) => import(pathToFileURL(path.resolve(root, 'tools/cli/dist/src/import-file.js')).href);
const builds = { old: await load(oldRoot), new: await load(newRoot) };
async function once(name) {
  global.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  for await (const records of builds[name].readImportChunks(file, {})) n += records.length;
  const c = process.cpuUsage(c0);
  return { us: (c.user + c.system) / n, sys: c.system / n, wall: performance.now() - t0 };
}
await once('old');
await once('new');
const rows = { old: [], new: [] };
for (let i = 0; i < Number(pairs); i++)
  for (const name of i % 2 ? ['new', 'old'] : ['old', 'new']) {
    const r = await once(name);
    rows[name].push(r);
    console.log(name, r.us.toFixed(2), 'sys', r.sys.toFixed(2), 'wall', (r.wall / 1000).toFixed(2));
  }
/** The middle value, or the mean of the two middle values of an even count. */
const med = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const diffs = rows.new.map((r, i) => r.us - rows.old[i].us);
console.log(
  'median µs/line old',
  med(rows.old.map((r) => r.us)).toFixed(2),
  'new',
  med(rows.new.map((r) => r.us)).toFixed(2),
  '| median of pair differences (new - old)',
  med(diffs).toFixed(2),
  `| new lower in ${diffs.filter((d) => d < 0).length} of ${diffs.length}`,
);
