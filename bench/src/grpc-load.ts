// A lean unary gRPC load generator over node:http2: each request's frame is encoded once up front
// and the answer is only checked for a status and handed back as bytes, so the caller spends little CPU
// per call beside the server it measures (grpc-js's client costs about as much per call as the server).
import { connectCaller } from '@demand/grpc-server/testing';

export { grpcFrame } from '@demand/grpc-server/testing';

export interface LoadResult {
  /** Latency of every call, ms, sorted. */
  latencies: number[];
  seconds: number;
  callsPerSecond: number;
}

export const percentile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

export interface LoadOptions {
  address: string;
  path: string;
  /** Request r sends `frames[r % frames.length]`. */
  frames: readonly Buffer[];
  calls: number;
}

/** Closed loop: `callers` concurrent callers, each sending its next call when the last is answered. */
export async function runClosedLoop(options: LoadOptions & { callers: number }): Promise<LoadResult> {
  const { call, close } = await connectCaller(options.address, options.path);
  try {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.callers }, async () => {
        while (next < options.calls) {
          const r = next++;
          const begin = performance.now();
          await call(options.frames[r % options.frames.length]!);
          latencies.push(performance.now() - begin);
        }
      }),
    );
    return result(latencies, started);
  } finally {
    close();
  }
}

/**
 * Open loop: calls sent on a fixed schedule of `rate` per second whatever the answers do (those
 * due are sent on each timer tick, about every millisecond). A call held back by a stalled server
 * (due at an earlier tick but not sent, at most `maxInFlight` calls waiting at once) is timed from
 * when the schedule meant to send it, as a caller arriving at that moment would see it (timing
 * from the send would hide a stall's queue: "coordinated omission"); one sent at the first tick
 * after it fell due, from that tick (or its schedule, if later), so that this caller's own timer
 * lag (up to ≈ 1.2 ms a tick) is not charged to the server. A box that cannot keep the rate up
 * shows a lower rate too.
 */
export async function runOpenLoop(options: LoadOptions & { rate: number; maxInFlight: number }): Promise<LoadResult> {
  const { call, close } = await connectCaller(options.address, options.path);
  try {
    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    let failure: unknown;
    const started = performance.now();
    let sent = 0;
    let answered = 0;
    let dueBefore = 0;
    while (sent < options.calls) {
      const tick = performance.now();
      const due = Math.min(options.calls, Math.floor(((tick - started) * options.rate) / 1000) + 1);
      for (; sent < due && sent - answered < options.maxInFlight; sent++) {
        const frame = options.frames[sent % options.frames.length]!;
        const scheduled = started + (sent * 1000) / options.rate;
        const begin = sent < dueBefore ? scheduled : Math.max(scheduled, tick);
        pending.push(
          call(frame).then(
            () => {
              answered++;
              latencies.push(performance.now() - begin);
            },
            (error: unknown) => {
              answered++;
              failure ??= error;
            },
          ),
        );
      }
      dueBefore = due;
      if (failure) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
    if (failure) throw failure;
    return result(latencies, started);
  } finally {
    close();
  }
}

function result(latencies: number[], started: number): LoadResult {
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, seconds, callsPerSecond: latencies.length / seconds };
}
