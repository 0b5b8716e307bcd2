// GetUserProfile served from a worker thread of its own, from each user's encoded answer alone: an isolate
// whose heap holds what a read needs (the answers' bytes sit in one SharedArrayBuffer, outside the heap), not
// the cache, its histories and whatever else the service's main thread holds. Two servers: the aggregator's
// Features controller on the platform's Nest gRPC transport (`nest`), or grpc-js alone with one method and no
// call guard, interceptor or Nest loaded (`grpc-js`: the least an isolate that serves gRPC holds). Their
// modules are imported in the worker only. A bench of where the read's tail comes from.
import { getHeapStatistics } from 'node:v8';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { fullCollectionCost, type GcPause, recordGcPauses } from './profile-gc-pauses.js';
import { threadCpuMicros } from './report.js';

const ROLE = 'profile-isolate-server';

/** The server in the worker (see the head of this file). */
export type IsolateServerKind = 'nest' | 'grpc-js';

interface Answers {
  role: typeof ROLE;
  kind: IsolateServerKind;
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
export async function startIsolateServer(
  kind: IsolateServerKind,
  answers: ReadonlyMap<string, Uint8Array>,
): Promise<IsolateServer> {
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
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: ROLE, kind, ids, ends, bytes } });
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

async function serveAnswers({ kind, ids, ends, bytes }: Answers): Promise<void> {
  const port = parentPort!;
  const answers = new Map<string, Buffer>();
  ids.forEach((id, i) => {
    const start = i === 0 ? 0 : ends[i - 1]!;
    answers.set(id, Buffer.from(bytes, start, ends[i]! - start));
  });
  const pauses = recordGcPauses();
  const server = kind === 'nest' ? await nestServer(answers) : await grpcJsServer(answers);
  let used = threadCpuMicros();
  pauses.take();
  port.on('message', async (request: Request) => {
    if (request === 'collect') return port.postMessage(fullCollectionCost());
    if (request === 'close') {
      pauses.stop();
      await server.close();
      port.postMessage({});
      return;
    }
    const cpuMicros = used();
    used = threadCpuMicros();
    port.postMessage({
      cpuMicros,
      pauses: pauses.take(),
      heapMb: getHeapStatistics().used_heap_size / 2 ** 20,
    } satisfies IsolateReading);
  });
  port.postMessage({ address: server.address });
}

type Serving = { address: string; close(): Promise<void> };

/** The aggregator's controller, interceptor and filter on the platform's transport, as the service serves it. */
async function nestServer(answers: ReadonlyMap<string, Buffer>): Promise<Serving> {
  const { InvalidProfileRequestError, ProfileNotFoundError } = await import('@demand/aggregator');
  const { startProfileServer } = await import('./profile-server.js');
  return startProfileServer({
    encodedUserProfile(userId: string): Buffer {
      if (!userId) throw new InvalidProfileRequestError('user_id is required');
      const answer = answers.get(userId);
      if (!answer) throw new ProfileNotFoundError(`user ${JSON.stringify(userId)} has no profile`);
      return answer;
    },
  });
}

/**
 * grpc-js alone: GetUserProfile's request read by hand (its one field, user_id = 1, a string) so that no
 * generated codec (and the Nest modules it imports) is loaded; an unknown user is NOT_FOUND.
 */
async function grpcJsServer(answers: ReadonlyMap<string, Buffer>): Promise<Serving> {
  const { Server, ServerCredentials, status } = await import('@grpc/grpc-js');
  const server = new Server();
  const same = (b: Buffer) => b;
  const method = {
    path: '/demand.v1.Features/GetUserProfile',
    requestStream: false,
    responseStream: false,
    requestDeserialize: (b: Buffer) => ({ userId: b[0] === 0x0a ? b.toString('utf8', 2, 2 + b[1]!) : '' }),
    requestSerialize: same,
    responseSerialize: same,
    responseDeserialize: same,
  };
  // The standard health check's answer (HealthCheckResponse{status: SERVING}), for the same-isolate floor.
  const serving = Buffer.from([0x08, 0x01]);
  server.addService({ check: { ...method, path: '/grpc.health.v1.Health/Check' } } as never, {
    check: (_: unknown, done: (error: null, answer: Buffer) => void) => done(null, serving),
  });
  server.addService({ getUserProfile: method } as never, {
    getUserProfile: (
      call: { request: { userId: string } },
      done: (error: { code: number; details: string } | null, answer?: Buffer) => void,
    ) => {
      const { userId } = call.request;
      const answer = answers.get(userId);
      if (answer) done(null, answer);
      else done({ code: status.NOT_FOUND, details: `user ${JSON.stringify(userId)} has no profile` });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { address: `127.0.0.1:${port}`, close: async () => server.forceShutdown() };
}

if (parentPort && (workerData as Answers | undefined)?.role === ROLE) await serveAnswers(workerData as Answers);
