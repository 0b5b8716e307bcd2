import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { type Loader, nodeLoader } from './grpc-loaders.js';
import { recommendOverGrpc } from './recommend-grpc.js';
import { shopData } from './recommend-shop.js';

const { items, interactions } = shopData({ seed: 5, users: 4000, items: Number(process.env.ITEMS ?? 2000), days: 28 });
const node = nodeLoader();
const session = new Session();
session.connect();
let n = 0;
const profiled: Loader = {
  ...node,
  async run(target, calls, load) {
    const on = target.path.includes('Recommend') && load.kind === 'closed' && calls >= 2000;
    if (on) {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const r = await node.run(target, calls, load);
    if (on) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`/tmp/h4/main-${n++}.cpuprofile`, JSON.stringify(profile));
      console.error('profiled', calls, r.callsPerSecond);
    }
    return r;
  },
};
const workers = (process.env.WORKERS ?? '0,2').split(',').map(Number);
const runs = await recommendOverGrpc(
  { requests: 4000, rate: 1000, callers: 8, servingWorkers: workers },
  { items, interactions },
  [profiled],
);
for (const r of runs) console.error(r.servingWorkers, JSON.stringify(r.loads[0]!.flatOut), r.inMemoryCpu);
await node.stop();
