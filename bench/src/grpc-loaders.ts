// The two gRPC load generators behind one face: h2load processes (when installed) and the lean
// Node HTTP/2 caller in a thread of its own (the fallback). Each reports the CPU it spent, so a
// server sharing the cores with it can be read beside what measuring it cost.
import { Client, credentials, type ServiceError } from '@grpc/grpc-js';
import { h2loadAvailable, runH2load } from './grpc-load-h2load.js';
import { type LoadRun, startLoadWorker } from './grpc-load-worker.js';

/** Calls of one method: each request's frame (5-byte prefix + message), sent in turn. */
export interface Target {
  address: string;
  path: string;
  frames: readonly Uint8Array[];
}

export type Load = { kind: 'open'; rate: number; maxInFlight: number } | { kind: 'closed'; callers: number };

export interface Loader {
  name: 'h2load' | 'node';
  /** Whether the loader's CPU is part of this process's (a thread) rather than other processes'. */
  inProcess: boolean;
  run(target: Target, calls: number, load: Load): Promise<LoadRun>;
  stop(): Promise<void>;
}

/** The Node caller in a worker thread: every frame of the target, each answer's grpc-status checked. */
export function nodeLoader(): Loader {
  const worker = startLoadWorker();
  return {
    name: 'node',
    inProcess: true,
    run: (target, calls, load) => worker.run({ ...target, calls, ...load }),
    stop: async () => void (await worker.stop()),
  };
}

/**
 * h2load, one process for each of the first `requests` frames of a target. Each of those requests
 * is first made once through grpc-js, which checks its grpc-status and gives the size of its OK
 * answer; h2load's received bytes must then add up to that many answers.
 */
export function h2loadLoader(requests: number): Loader | undefined {
  if (!h2loadAvailable()) return undefined;
  const answers = new Map<string, number[]>();
  return {
    name: 'h2load',
    inProcess: false,
    async run(target, calls, load) {
      const frames = target.frames.slice(0, requests);
      const key = `${target.address}${target.path}`;
      let sizes = answers.get(key);
      if (!sizes) {
        sizes = await answerSizes(target.address, target.path, frames);
        answers.set(key, sizes);
      }
      return runH2load({
        address: target.address,
        path: target.path,
        frames: frames.map((frame, i) => ({ frame, answerBytes: sizes[i]! })),
        calls,
        load,
      });
    },
    stop: async () => {},
  };
}

/** Sizes of the answers' gRPC frames (5 + message bytes) to each request, made through grpc-js (status OK or it throws). */
async function answerSizes(address: string, path: string, frames: readonly Uint8Array[]): Promise<number[]> {
  const client = new Client(address, credentials.createInsecure());
  const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  try {
    const sizes: number[] = [];
    for (const frame of frames) {
      const answer = await new Promise<Buffer>((resolve, reject) =>
        client.makeUnaryRequest(
          path,
          asBuffer,
          (b: Buffer) => b,
          frame.subarray(5),
          (err: ServiceError | null, res?: Buffer) =>
            err || !res ? reject(err ?? new Error(`${path}: no answer`)) : resolve(res),
        ),
      );
      sizes.push(5 + answer.length);
    }
    return sizes;
  } finally {
    client.close();
  }
}
