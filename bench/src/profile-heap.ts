// bench/profile-heap: what the profile bench's warm cache holds (not part of `make bench`). Builds the
// cache as bench/profile does (BENCH_PROFILE_USERS test-kit users), builds and encodes every answer as
// the controller does, then writes a V8 heap snapshot into PROFILE_HEAP_DIR and prints the largest
// constructors by retained size (see heap-compare.ts), the objects in the heap and the heap in use
// after a full GC.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { constructorFigures } from './heap-compare.js';
import { testShopProfileCache } from './profile-cache.js';
import { progress } from './report.js';

const USERS = Number(process.env.BENCH_PROFILE_USERS ?? 5_000);
const DIR = process.env.PROFILE_HEAP_DIR ?? path.join(tmpdir(), 'profile-heap');
const ROWS = Number(process.env.PROFILE_HEAP_ROWS ?? 25);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const heapInUse = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const before = heapInUse();
const { cache, userIds } = testShopProfileCache(USERS);
for (const id of userIds) cache.encodedUserProfile(id);
const withCache = heapInUse();
mkdirSync(DIR, { recursive: true });
const file = writeHeapSnapshot(path.join(DIR, `profile-${Date.now()}.heapsnapshot`));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const figures = [...constructorFigures(file)].sort((a, b) => b[1].retained - a[1].retained);
progress(`profile-heap: snapshot ${file}`);
progress('constructor\tcount\tself MB\tretained MB');
for (const [key, f] of figures.slice(0, ROWS)) progress(`${key}\t${f.count}\t${mb(f.self)}\t${mb(f.retained)}`);
progress('largest by self size:');
for (const [key, f] of figures.sort((a, b) => b[1].self - a[1].self).slice(0, ROWS))
  progress(`${key}\t${f.count}\t${mb(f.self)}`);
const objects = figures.reduce((n, [, f]) => n + f.count, 0);
const retainedByCache = figures.find(([key]) => key === 'object:ProfileCache')?.[1].retained ?? 0;
progress(
  `profile-heap: ${objects} objects in the heap, ${mb(withCache)} MB in use after a full GC (${mb(before)} MB ` +
    `before the cache), ${mb(retainedByCache)} MB retained by the ProfileCache`,
);
