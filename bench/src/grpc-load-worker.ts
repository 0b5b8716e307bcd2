// The lean load generator in a thread of its own, so that a server in the main thread can be
// measured by its own thread's CPU: post a `LoadJob`, get its `LoadResult` back.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { type LoadOptions, type LoadResult, runClosedLoop, runOpenLoop } from './grpc-load.js';
import { threadCpuMicros } from './report.js';

export type LoadJob = Omit<LoadOptions, 'frames'> & { frames: readonly Uint8Array[] } & (
    | { kind: 'closed'; callers: number }
    | { kind: 'open'; rate: number; maxInFlight: number }
  );

const ROLE = 'grpc-load';

/** A job's result with the CPU (µs) the load generator's own thread spent on it. */
export type LoadRun = LoadResult & { loaderCpu: number };

/** A worker thread that runs one load job at a time. */
export function startLoadWorker(): { run(job: LoadJob): Promise<LoadRun>; stop(): Promise<number> } {
  const worker = new Worker(new URL(import.meta.url), { workerData: ROLE });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        worker.once('message', (m: { result?: LoadRun; error?: string }) =>
          m.result ? resolve(m.result) : reject(new Error(m.error)),
        );
        worker.postMessage(job);
      }),
    stop: () => worker.terminate(),
  };
}

if (parentPort && workerData === ROLE) {
  const port = parentPort;
  port.on('message', (job: LoadJob) => {
    const frames = job.frames.map((f) => Buffer.from(f.buffer, f.byteOffset, f.byteLength));
    const loaderCpu = threadCpuMicros();
    const run = job.kind === 'closed' ? runClosedLoop({ ...job, frames }) : runOpenLoop({ ...job, frames });
    run.then(
      (result) => {
        port.postMessage({ result: { ...result, loaderCpu: loaderCpu() } });
      },
      (error: unknown) => port.postMessage({ error: String(error) }),
    );
  });
}
