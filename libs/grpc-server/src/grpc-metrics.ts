import { Counter, Histogram, type Registry } from 'prom-client';

/** The `code` label of a call: "OK" for success (as every call the main port records), else the status number. */
export function codeLabel(code: number): string {
  return code === 0 ? 'OK' : String(code);
}

export interface GrpcMetrics {
  calls: Counter<'method' | 'code'>;
  latency: Histogram<'method'>;
}

export function createGrpcMetrics(registry: Registry): GrpcMetrics {
  return {
    calls: new Counter({
      name: 'grpc_server_handled_total',
      help: 'gRPC calls handled, by method and status code',
      labelNames: ['method', 'code'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'grpc_server_handling_seconds',
      help: 'gRPC call latency in seconds, by method',
      labelNames: ['method'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}
