import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ALS_DEFAULTS, type AlsOptions, gram, ImplicitAls, initialFactors } from './als.js';
import type { Csr } from './dataset.js';

/** A typed array's contents in shared memory, so worker threads read and write it in place. */
function shared<T extends Int32Array | Float32Array>(a: T): T {
  const copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

function sharedCsr(m: Csr): Csr {
  return { ...m, offsets: shared(m.offsets), indices: shared(m.indices), values: shared(m.values) };
}

/**
 * ImplicitAls.train with each half-step's rows split across worker threads (factors in shared
 * memory; rows are independent within a half-step, so the result equals the serial one).
 */
export async function trainAlsParallel(
  userItem: Csr,
  itemUser: Csr,
  options: AlsOptions & { threads?: number } = {},
): Promise<ImplicitAls> {
  const o = { ...ALS_DEFAULTS, ...options };
  const threads = Math.max(1, options.threads ?? Math.min(4, availableParallelism()));
  const k = o.factors;
  const { X, Y } = initialFactors(userItem.rows, userItem.cols, k, o.seed, (n) => shared(new Float32Array(n)));
  const params = { k, alpha: o.alpha, steps: o.cgSteps };
  const workerData = { userItem: sharedCsr(userItem), itemUser: sharedCsr(itemUser), X, Y, params };
  const workers = Array.from(
    { length: threads },
    () => new Worker(new URL('./als-worker.js', import.meta.url), { workerData }),
  );
  const run = (worker: Worker, job: object) =>
    new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      worker.once('error', fail);
      worker.once('message', () => {
        worker.off('error', fail);
        resolve();
      });
      worker.postMessage(job);
    });
  const half = async (which: 'users' | 'items', rows: number, fixed: Float32Array) => {
    const g = gram(fixed, k, o.regularization);
    const chunk = Math.ceil(rows / threads);
    await Promise.all(
      workers.map((w, t) => run(w, { half: which, gram: g, from: t * chunk, to: Math.min(rows, (t + 1) * chunk) })),
    );
  };
  try {
    for (let it = 0; it < o.iterations; it++) {
      await half('users', userItem.rows, Y);
      await half('items', itemUser.rows, X);
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return ImplicitAls.fromFactors(k, o.regularization, o.alpha, Float32Array.from(X), Float32Array.from(Y));
}
