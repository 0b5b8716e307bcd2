import { Registry } from 'prom-client';
import { createGrpcMetrics, type GrpcCallTelemetry } from '@demand/grpc-server';
import { createLogger } from '@demand/telemetry';
import type { ReadWorkerSettings } from '../src/read-server/read-worker-protocol.js';

/** A read server's telemetry for the tests: a registry of its own, no logs. */
export function quietTelemetry(): GrpcCallTelemetry {
  return { logger: createLogger({ service: 'test', level: 'silent' }), metrics: createGrpcMetrics(new Registry()) };
}

/** A read server on a free local port, no TLS, no API keys. */
export const LOCAL_READ_SETTINGS: Omit<ReadWorkerSettings, 'reportEveryMs'> = {
  host: '127.0.0.1',
  port: 0,
  maxReceiveMessageBytes: 1 << 20,
  maxCallMs: 10_000,
  shutdownGraceMs: 100,
};
