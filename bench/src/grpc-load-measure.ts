// A gRPC method's load measured by what it costs: latency and rate from the load generator, CPU a
// call of the serving thread, of the whole service (this process less an in-process load generator's
// thread, or the service's own process) and of the load generator; and beside it the same server's
// health check (grpc-js alone, no Nest), the floor of the box, from the same load generator in the same run.
import { grpcFrame, percentile } from './grpc-load.js';
import { type ServerCpu, thisProcessCpu } from './server-cpu.js';
import type { Load, Loader, Target } from './grpc-loaders.js';

/** One load's figures; latencies in ms, CPU in µs a call. */
export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  serverCpuPerCall: number;
  serviceCpuPerCall: number;
  loaderCpuPerCall: number;
  /** What the probe of the run saw in the service during this load, when one was given. */
  probe?: string;
}

/** A method sent at a rate (open loop) and flat out (closed loop), the health check beside it. */
export interface LoaderRun {
  loader: Loader['name'];
  atRate: Measured;
  flatOut: Measured;
  healthAtRate: Measured;
  healthFlatOut: Measured;
}

/**
 * The standard health check of the server at `address` (HealthCheckRequest{service: ''} encodes to
 * no bytes), its frame `copies` times: h2load runs a process (a connection) a frame, so a floor sent
 * in the same shape as a method's load has as many copies as that load has frames.
 */
export function healthTarget(address: string, copies = 1): Target {
  return { address, path: '/grpc.health.v1.Health/Check', frames: Array(copies).fill(grpcFrame(new Uint8Array(0))) };
}

/** Called as a load starts; what it resolves to is called as it ends and describes the service meanwhile. */
export type LoadProbe = () => Promise<() => Promise<string>>;

/**
 * `calls` calls of `target` from `loader`, with the CPU the server (this process unless `server` says
 * otherwise) and the loader spent on them.
 */
export async function measureLoad(
  loader: Loader,
  target: Target,
  load: Load,
  calls: number,
  server: ServerCpu = thisProcessCpu,
  probe?: LoadProbe,
): Promise<Measured> {
  const probed = await probe?.();
  const thread = server.thread();
  const all = server.process();
  const result = await loader.run(target, calls, load);
  const threadCpu = server.thread() - thread;
  const serviceCpu = server.process() - all - (loader.inProcess && server.holdsLoaders ? result.loaderCpu : 0);
  const answered = result.latencies.length;
  return {
    rps: result.callsPerSecond,
    p50: percentile(result.latencies, 0.5),
    p99: percentile(result.latencies, 0.99),
    serverCpuPerCall: threadCpu / answered,
    serviceCpuPerCall: serviceCpu / answered,
    loaderCpuPerCall: result.loaderCpu / answered,
    ...(probed ? { probe: await probed() } : {}),
  };
}

export interface BesideHealthOptions {
  /** Calls of each load at `rate`; flat out, `flatOutCalls` (default `calls`). */
  calls: number;
  flatOutCalls?: number;
  /** Calls of each target flat out first, not measured. */
  warmUpCalls: number;
  rate: number;
  callers: number;
  /** Where the server's CPU is read; this process by default. */
  server?: ServerCpu;
  /** Looks into the service around each measured load (not the warm-ups). */
  probe?: LoadProbe;
}

/**
 * From one loader, after a warm-up of both: the health check at `rate`/s, then `method`; the health
 * check flat out from `callers` callers, then `method`. At most 4 calls a caller wait at the rate.
 */
export async function measureBesideHealth(
  loader: Loader,
  method: Target,
  health: Target,
  options: BesideHealthOptions,
): Promise<LoaderRun> {
  const { calls, rate, callers, server, probe } = options;
  const flatOutCalls = options.flatOutCalls ?? calls;
  const atRate: Load = { kind: 'open', rate, maxInFlight: 4 * callers };
  const flatOut: Load = { kind: 'closed', callers };
  await measureLoad(loader, method, flatOut, options.warmUpCalls, server);
  await measureLoad(loader, health, flatOut, options.warmUpCalls, server);
  return {
    loader: loader.name,
    healthAtRate: await measureLoad(loader, health, atRate, calls, server, probe),
    atRate: await measureLoad(loader, method, atRate, calls, server, probe),
    healthFlatOut: await measureLoad(loader, health, flatOut, flatOutCalls, server, probe),
    flatOut: await measureLoad(loader, method, flatOut, flatOutCalls, server, probe),
  };
}
