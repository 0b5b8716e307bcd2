// gRPC load from h2load (Debian's nghttp2-client), the HTTP/2 load generator operators use: a C
// event loop that costs the shared cores far less a call than any Node caller. It posts a framed
// gRPC body (5-byte prefix + protobuf) with gRPC's headers. h2load sends one body a process, so a
// mix of requests is `frames.length` processes side by side, each with its share of the rate.
// h2load checks only the HTTP status, and gRPC errors come as HTTP 200 with a `grpc-status` and no
// body: every answer's bytes are therefore counted against the size of a checked answer to the
// same request (`answerBytes`, from a real gRPC client), so an error cannot pass as a success.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadResult } from './grpc-load.js';

/** Whether `h2load` is on the PATH. */
export function h2loadAvailable(): boolean {
  return spawnSync('h2load', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface H2loadJob {
  address: string;
  path: string;
  /** Each request's frame, and the length of the gRPC message its OK answer carries (frame prefix included). */
  frames: readonly { frame: Uint8Array; answerBytes: number }[];
  calls: number;
  load: { kind: 'open'; rate: number; maxInFlight: number } | { kind: 'closed'; callers: number };
}

/** A load's result with the CPU (µs) that the h2load processes spent on it. */
export type H2loadRun = LoadResult & { loaderCpu: number };

interface Part {
  latencies: number[];
  cpu: number;
  dataBytes: number;
}

/** Runs one h2load process a frame, together, and merges their latencies. */
export async function runH2load(job: H2loadJob): Promise<H2loadRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'h2load-'));
  try {
    // A closed loop of c callers is c processes, each with one call in flight.
    const frames = job.load.kind === 'closed' ? job.frames.slice(0, job.load.callers) : job.frames;
    const n = frames.length;
    const share = (total: number, i: number) => Math.floor(total / n) + (i < total % n ? 1 : 0);
    const started = performance.now();
    const parts = await Promise.all(
      frames.map(({ frame }, i) => {
        const body = path.join(dir, `body-${i}`);
        writeFileSync(body, frame);
        const calls = share(job.calls, i);
        const load =
          job.load.kind === 'open'
            ? ['--rps', String(job.load.rate / n), '-m', String(Math.max(1, Math.ceil(job.load.maxInFlight / n)))]
            : ['-m', String(share(job.load.callers, i))];
        return runOne(dir, i, [
          ...['-n', String(calls), '-c', '1', ...load, '-d', body],
          ...['-H', 'content-type: application/grpc', '-H', 'te: trailers'],
          `http://${job.address}${job.path}`,
        ]).then((part) => {
          const missing = calls * frames[i]!.answerBytes - part.dataBytes;
          if (part.latencies.length !== calls || missing >= frames[i]!.answerBytes / 2)
            throw new Error(
              `h2load ${job.path} (request ${i}): ${part.latencies.length} of ${calls} calls answered, ` +
                `${part.dataBytes} answer bytes of ${calls * frames[i]!.answerBytes}: some calls failed`,
            );
          return part;
        });
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
    return {
      latencies,
      seconds,
      callsPerSecond: latencies.length / seconds,
      loaderCpu: parts.reduce((sum, p) => sum + p.cpu, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One h2load process; its CPU from the shell's `times` (user and system time of its children). */
function runOne(dir: string, i: number, args: string[]): Promise<Part> {
  const log = path.join(dir, `log-${i}`);
  const out = path.join(dir, `out-${i}`);
  const script = 'h2load "$@" >"$OUT" 2>&1; status=$?; times; exit $status';
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script, 'h2load', '--log-file', log, ...args], {
      env: { ...process.env, OUT: out },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let times = '';
    child.stdout.on('data', (chunk: Buffer) => {
      times += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const report = readFileSync(out, 'utf8');
      if (code !== 0) return reject(new Error(`h2load exited with ${code}: ${report}`));
      resolve({ ...parseLog(readFileSync(log, 'utf8')), cpu: childrenCpu(times), dataBytes: dataBytes(report) });
    });
  });
}

/** Latencies (ms) of the calls with HTTP status 200 in an h2load --log-file (start µs, status, duration µs). */
function parseLog(text: string): { latencies: number[] } {
  const latencies: number[] = [];
  for (const line of text.split('\n')) {
    const [, status, micros] = line.split('\t');
    if (status === '200') latencies.push(Number(micros) / 1000);
  }
  return { latencies };
}

/** The children's user + system time (µs) from `times`' second line, e.g. `0m1.230000s 0m0.450000s`. */
function childrenCpu(times: string): number {
  const line = times.trim().split('\n')[1] ?? '';
  const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`cannot read the CPU time of h2load from "${times}"`);
  return (seconds[0]! + seconds[1]!) * 1e6;
}

/** Bytes of DATA received, from h2load's `traffic:` line (`…, 3.39MB (3555000) data`). */
function dataBytes(report: string): number {
  const traffic = /^traffic:.*\((\d+)\) data/m.exec(report);
  if (!traffic) throw new Error(`no traffic line in h2load's report: ${report}`);
  return Number(traffic[1]);
}
