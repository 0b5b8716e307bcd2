// The aggregator's Features controller on the platform's Nest gRPC transport in a worker thread of its own,
// answering GetUserProfile from each user's encoded answer alone: an isolate whose heap holds what a read
// needs (the answers' bytes sit in one SharedArrayBuffer, outside the heap), not the cache, its histories
// and whatever else the service's main thread holds. A bench of where the read's tail comes from.
import {
  Aggregator,
  FeaturesGrpcController,
  InvalidProfileRequestError,
  ProfileCache,
  ProfileNotFoundError,
  ReviewInsights,
} from '@demand/aggregator';
import { FeaturesService } from '@demand/contracts';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { getHeapStatistics } from 'node:v8';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { fullCollectionCost, type GcPause, recordGcPauses } from './profile-gc-pauses.js';

const ROLE = 'profile-isolate-server';

interface Answers {
  role: typeof ROLE;
  ids: string[];
  /** Answer i is bytes [ends[i - 1] ?? 0, ends[i]). */
  ends: Int32Array;
  bytes: SharedArrayBuffer;
}

type Request = 'read' | 'collect' | 'close';

/** What the worker's thread spent since the last reading: CPU (µs) and its GC pauses. */
export interface IsolateReading {
  cpuMicros: number;
  pauses: GcPause[];
  /** The isolate's heap in use (MB) when read. */
  heapMb: number;
}

export interface IsolateServer {
  address: string;
  /** CPU and GC pauses of the server's thread since the last reading (or its start). */
  read(): Promise<IsolateReading>;
  /** What a forced full collection of the server's isolate costs (`fullCollectionCost`). */
  fullCollection(): Promise<ReturnType<typeof fullCollectionCost>>;
  close(): Promise<void>;
}

/** Starts the worker with these users' encoded answers (demand.v1.UserProfile wire bytes). */
export async function startIsolateServer(answers: ReadonlyMap<string, Uint8Array>): Promise<IsolateServer> {
  const ids = [...answers.keys()];
  const ends = new Int32Array(ids.length);
  let total = 0;
  ids.forEach((id, i) => {
    total += answers.get(id)!.byteLength;
    ends[i] = total;
  });
  const bytes = new SharedArrayBuffer(total);
  const view = new Uint8Array(bytes);
  ids.forEach((id, i) => view.set(answers.get(id)!, i === 0 ? 0 : ends[i - 1]!));
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: ROLE, ids, ends, bytes } });
  const ask = <T>(request: Request | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const failed = (error: unknown) => reject(error);
      worker.once('error', failed);
      worker.once('message', (m: T) => {
        worker.off('error', failed);
        resolve(m);
      });
      if (request) worker.postMessage(request);
    });
  const { address } = await ask<{ address: string }>(undefined);
  return {
    address,
    read: () => ask<IsolateReading>('read'),
    fullCollection: () => ask('collect'),
    close: async () => {
      await ask('close');
      await worker.terminate();
    },
  };
}

async function serveAnswers({ ids, ends, bytes }: Answers): Promise<void> {
  const port = parentPort!;
  const answers = new Map<string, Buffer>();
  ids.forEach((id, i) => {
    const start = i === 0 ? 0 : ends[i - 1]!;
    answers.set(id, Buffer.from(bytes, start, ends[i]! - start));
  });
  const reader = {
    encodedUserProfile(userId: string): Buffer {
      if (!userId) throw new InvalidProfileRequestError('user_id is required');
      const answer = answers.get(userId);
      if (!answer) throw new ProfileNotFoundError(`user ${JSON.stringify(userId)} has no profile`);
      return answer;
    },
  };
  const pauses = recordGcPauses();
  const server = await startGrpcTestServer({
    services: { 'demand.v1.Features': FeaturesService },
    controllers: [FeaturesGrpcController],
    providers: [
      { provide: Aggregator, useValue: {} },
      { provide: ReviewInsights, useValue: {} },
      { provide: ProfileCache, useValue: reader },
    ],
  });
  let cpu = process.threadCpuUsage();
  pauses.take();
  port.on('message', async (request: Request) => {
    if (request === 'collect') return port.postMessage(fullCollectionCost());
    if (request === 'close') {
      pauses.stop();
      await server.close();
      port.postMessage({});
      return;
    }
    const used = process.threadCpuUsage(cpu);
    cpu = process.threadCpuUsage();
    port.postMessage({
      cpuMicros: used.user + used.system,
      pauses: pauses.take(),
      heapMb: getHeapStatistics().used_heap_size / 2 ** 20,
    } satisfies IsolateReading);
  });
  port.postMessage({ address: server.address });
}

if (parentPort && (workerData as Answers | undefined)?.role === ROLE) await serveAnswers(workerData as Answers);
