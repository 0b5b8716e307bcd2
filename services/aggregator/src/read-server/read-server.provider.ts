import type { Provider } from '@nestjs/common';
import { grpcTlsFiles } from '@demand/config';
import { GRPC_CALL_TELEMETRY, type GrpcCallTelemetry } from '@demand/grpc-server';
import {
  GRPC_CALL_GUARD,
  type GrpcCallGuard,
  LIFECYCLE,
  type Lifecycle,
  READINESS,
  type Readiness,
} from '@demand/service-runtime';
import type { AggregatorConfig } from '../config.js';
import { ProfileCache } from '../domain/profiles.js';
import { ReadServer } from './read-server.js';

/** The read server (`ReadServer`), or null when AGGREGATOR_READ_GRPC_PORT is unset. */
export const READ_SERVER = Symbol('ReadServer');

/**
 * The read server on AGGREGATOR_READ_GRPC_PORT, with the main port's host, keys, TLS and limits. It starts with the
 * gRPC servers (after the first full refresh filled the cache) and stops with them; the service is not ready while
 * its worker is down.
 */
export function readServerProvider({ env }: AggregatorConfig): Provider {
  return {
    provide: READ_SERVER,
    inject: [ProfileCache, GRPC_CALL_GUARD, GRPC_CALL_TELEMETRY, LIFECYCLE, READINESS],
    useFactory: (
      cache: ProfileCache,
      guard: GrpcCallGuard,
      telemetry: GrpcCallTelemetry,
      lifecycle: Lifecycle,
      readiness: Readiness,
    ): ReadServer | null => {
      if (env.AGGREGATOR_READ_GRPC_PORT === undefined) return null;
      const tls = grpcTlsFiles(env);
      const auth = guard.auth && { ...guard.auth.options, keysRefreshMs: env.GRPC_API_KEYS_REFRESH_MS };
      const server = new ReadServer(
        { answers: cache, telemetry, ...(guard.auth ? { keys: guard.auth.keys } : {}) },
        {
          settings: {
            host: env.GRPC_HOST,
            port: env.AGGREGATOR_READ_GRPC_PORT,
            maxReceiveMessageBytes: env.GRPC_MAX_MESSAGE_BYTES,
            maxCallMs: env.GRPC_MAX_CALL_MS,
            shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
            ...(tls ? { tls } : {}),
            ...(auth ? { auth } : {}),
          },
        },
      );
      lifecycle.add(
        'read grpc server',
        () => server.start(),
        () => server.close(),
        'grpc',
      );
      readiness.register('read grpc server', () => server.serving);
      return server;
    },
  };
}
