// What a service allocates during a load, by package and function: V8's sampling heap profiler in
// the service, reached over its inspector (the service started with `--inspect=127.0.0.1:0`). With
// `collected`, objects the GC has freed since count too (what drives scavenges); without, only what
// is still alive when the load ends (what lives on).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { LoadProbe } from './grpc-load-measure.js';

/** A node of V8's sampling heap profile. */
export interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** The inspector's WebSocket URL that `node --inspect` printed in a service's output. */
export function inspectorUrl(output: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
}

/** One DevTools-protocol session over the inspector's WebSocket. */
async function session(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  };
  return {
    send: <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve) => {
        waiting.set(++id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

/** Where an allocation's code is: its pnpm package, a workspace package, a node: module. */
function placeOf(url: string): string {
  return (
    /node_modules\/\.pnpm\/(@?[^@/]+(?:\+[^@/]+)?)@/.exec(url)?.[1] ??
    /\/((?:libs|services|bench)\/[\w-]+)\//.exec(url)?.[1] ??
    (url.startsWith('node:') ? url : '(native)')
  );
}

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** The `rows` largest entries of `sizes`, each as `format(bytes) key`. */
export function top(sizes: Map<string, number>, rows: number, format = megabytes): string {
  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([key, size]) => `${format(size)} ${key}`)
    .join('; ');
}

/** The bytes a sampled heap profile allocated: in all, by place (package) and by function (`name place:line`). */
export function summarizeAllocations(head: ProfileNode) {
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode) => {
    const { functionName, url: file, lineNumber } = node.callFrame;
    if (node.selfSize > 0) {
      total += node.selfSize;
      const place = placeOf(file);
      byPlace.set(place, (byPlace.get(place) ?? 0) + node.selfSize);
      const name = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child);
  };
  walk(head);
  return { total, byPlace, byFunction };
}

/** A probe that samples the allocations of each load in the service whose inspector is at `url`. */
export function allocationProbe(
  url: string,
  options: { collected: boolean; rows?: number; keepIn?: string },
): LoadProbe {
  let loads = 0;
  return async () => {
    const load = ++loads;
    const s = await session(url);
    await s.send('HeapProfiler.enable');
    await s.send('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: options.collected,
      includeObjectsCollectedByMinorGC: options.collected,
    });
    return async () => {
      const { profile } = await s.send<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
      s.close();
      if (options.keepIn) {
        mkdirSync(options.keepIn, { recursive: true });
        writeFileSync(path.join(options.keepIn, `load-${load}.heapprofile`), JSON.stringify(profile));
      }
      const { total, byPlace, byFunction } = summarizeAllocations(profile.head);
      const rows = options.rows ?? 8;
      const what = options.collected ? 'allocated' : 'still alive';
      return `${what} ${megabytes(total)}: ${top(byPlace, rows)}; by function: ${top(byFunction, rows)}`;
    };
  };
}

/**
 * What `work` allocates in this thread (and whatever else runs in it meanwhile), by V8's sampling heap
 * profiler every 256 bytes with the objects either GC freed counted; with `work`'s result.
 */
export async function sampledAllocations<T>(work: () => Promise<T>): Promise<{ result: T; head: ProfileNode }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const result = await work();
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
    return { result, head: profile.head };
  } finally {
    session.disconnect();
  }
}
