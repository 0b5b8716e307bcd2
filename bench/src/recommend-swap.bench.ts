// bench/recommend-swap: what a model swap holds the recommender's serving thread for, part by part,
// on a 20k-item shop: sending the training data to the training worker (postMessage's structured
// clone, written on the sending thread), reading the trained model's reply (the clone read back),
// unpackRecommenders, the first requests and stored-list refresh ticks on the new model. The reply is
// read in the old build's shape (content neighbours as a map of arrays), copied, and in the new one,
// copied and moved (transfer list), alternately, on copies of one trained model.
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { packRecommenders, transferablesOf, unpackRecommenders } from '@demand/recommend';
import { trainingDataMessage, trainServingModel } from '@demand/recommender';
import { shopData } from './recommend-shop.js';
import { median, printBench, progress, threadCpuMicros } from './report.js';

const ROUNDS = 3;
const LISTS = { length: 100, maxAgeMs: 3_600_000, refreshPerSecond: 50 };

/** Wall and thread-CPU ms of `work`, run once on this thread. */
function timed<T>(work: () => T): { wall: number; cpu: number; value: T } {
  const cpu = threadCpuMicros();
  const start = performance.now();
  const value = work();
  return { wall: performance.now() - start, cpu: cpu() / 1000, value };
}

const { items, interactions, startMs } = shopData({ seed: 5, users: 4000, items: 20_000, days: 28 });
const now = startMs + 28 * 86_400_000;
const data = { items, interactions, now, window: '28d' };
const { port1, port2 } = new MessageChannel();

/** Sending the training data to the worker, as the old build did (a clone) or as columns moved. */
const sendData = (moved: boolean) =>
  timed(() => {
    if (!moved) return port1.postMessage({ data, lists: { ...LISTS, now } });
    const { message, transfer } = trainingDataMessage(data);
    port1.postMessage({ data: message, lists: { ...LISTS, now } }, transfer);
  });
const sends = [false, true, true, false, false, true].map((moved) => {
  const sent = sendData(moved);
  receiveMessageOnPort(port2);
  return { moved, sent };
});
progress(`recommend-swap: ${items.length} items, ${interactions.length} interactions; training…`);
const { model } = trainServingModel(data, { ...LISTS, now });
if (model.kind !== 'trained') throw new Error('no trained model');
const packed = packRecommenders([model.learned, model.fusion]);

const figures: Record<string, { wall: number[]; cpu: number[] }> = {};
const record = (name: string, t: { wall: number; cpu: number }) => {
  figures[name] ??= { wall: [], cpu: [] };
  figures[name].wall.push(t.wall);
  figures[name].cpu.push(t.cpu);
};
for (const { moved, sent } of sends) record(`send training data (${moved ? 'columns, moved' : 'cloned'})`, sent);

/** The reply as the old build sent it: the content neighbours a map of two plain arrays an item. */
function oldShape(copy: typeof packed): typeof packed {
  const content = copy.sources.content as unknown as Record<string, unknown>;
  const count = content.nearCount as Int16Array;
  const [items, sims] = [content.nearItems as Int32Array, content.nearSims as Float32Array];
  const width = items.length / count.length;
  const near = new Map<number, { items: number[]; sims: number[] }>();
  count.forEach((n, i) => {
    const row = i * width;
    if (n >= 0) near.set(i, { items: [...items.subarray(row, row + n)], sims: [...sims.subarray(row, row + n)] });
  });
  Object.assign(content, { near, nearCount: undefined, nearItems: undefined, nearSims: undefined });
  return copy;
}

const at = now + 1_900_000;
const KNOWN = 400;
const ways = ['old shape, copied', 'copied', 'moved'] as const;
for (let round = 0; round < ROUNDS; round++)
  for (const way of round % 2 === 0 ? ways : [...ways].reverse()) {
    const copy = structuredClone(packed); // this round's own arrays, as a training worker's
    if (way === 'old shape, copied') {
      port1.postMessage({ packed: oldShape(copy) });
      record(
        `receive reply (${way})`,
        timed(() => receiveMessageOnPort(port2)),
      );
      continue;
    }
    port1.postMessage({ packed: copy }, way === 'moved' ? transferablesOf(copy) : []);
    const received = timed(() => receiveMessageOnPort(port2)!.message as { packed: typeof packed });
    record(`receive reply (${way})`, received);
    const unpacked = timed(() => unpackRecommenders(received.value.packed));
    record(`unpack (${way})`, unpacked);
    const [learned, fusion] = unpacked.value;
    const requests = Array.from({ length: KNOWN }, (_, user) => ({ context: { user, now: at }, count: 10 }));
    record(
      `first ${KNOWN} requests (${way})`,
      timed(() => requests.map((r) => learned!.recommend(r))),
    );
    for (const r of requests) fusion!.recommend(r);
    // As the service's refresh timer does: one user per arm a tick.
    const tick = () => learned!.refreshLists(at, 1) + fusion!.refreshLists(at, 1);
    record(`first refresh tick (${way})`, timed(tick));
    const ticks = Array.from({ length: 20 }, () => timed(tick));
    record(`next 20 ticks, median (${way})`, {
      wall: median(ticks.map((t) => t.wall)),
      cpu: median(ticks.map((t) => t.cpu)),
    });
  }
port1.close();

for (const [name, { wall, cpu }] of Object.entries(figures))
  progress(
    `recommend-swap: ${name}: ${median(cpu).toFixed(1)} ms CPU, ${median(wall).toFixed(1)} ms wall ` +
      `(median of ${cpu.length}; CPU ${cpu.map((c) => c.toFixed(0)).join(' / ')})`,
  );
const reply = (way: string) => median(figures[`receive reply (${way})`]!.cpu);
printBench(
  'recommend_swap_reply_cpu',
  reply('moved') + median(figures['unpack (moved)']!.cpu),
  'ms',
  reply('old shape, copied'),
);
