import type { ServiceDefinition } from '@grpc/grpc-js';
import type { Provider } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { type ApiKeyStore, apiKeyStoreFor, CallAuthorizer, type CallAuthorizerOptions } from '@demand/api-keys';
import { type GrpcEnv, grpcAuthRequired, grpcTlsFiles } from '@demand/config';
import {
  type CallGuardSettings,
  createGrpcMetrics,
  GRPC_CALL_TELEMETRY,
  type GrpcCallTelemetry,
  GrpcTransport,
  type GrpcTransportOptions,
  readServerTls,
  reportRejectedCalls,
} from '@demand/grpc-server';
import type { Logger } from '@demand/telemetry';
import type { Lifecycle } from './lifecycle.js';
import { listenOn } from './listen-on.js';
import type { ServicePorts } from './service-runtime.module.js';
import { LIFECYCLE, LOGGER, METRICS_REGISTRY, MICROSERVICE_TRANSPORTS, SERVICE_PORTS } from './tokens.js';

export const GRPC_TRANSPORT = Symbol('GrpcTransport');
/** The main gRPC server's call guard (`GrpcCallGuard`), for a second server of the service to check keys alike. */
export const GRPC_CALL_GUARD = Symbol('GrpcCallGuard');

/**
 * The call guard's settings and, with keys required, the store it reads them from (opened by the lifecycle) and the
 * authorizer's options, for a second server to authorize alike.
 */
export type GrpcCallGuard = CallGuardSettings & { auth?: { keys: ApiKeyStore; options: CallAuthorizerOptions } };

/** The gRPC section of a service's config, plus its shutdown grace and tenant. */
export type GrpcSettings = GrpcEnv & { SHUTDOWN_GRACE_MS: number; TENANT_ID: string };

/** The call guard's settings; with keys required, the key store opens (its migrations run) before the server starts. */
function guardSettings(env: GrpcSettings, telemetry: GrpcCallTelemetry, lifecycle: Lifecycle): GrpcCallGuard {
  const settings = { maxCallMs: env.GRPC_MAX_CALL_MS, onRejected: reportRejectedCalls(telemetry) };
  if (!grpcAuthRequired(env)) return settings;
  const keys = apiKeyStoreFor(env, {
    logger: telemetry.logger,
    onReadFailing: (error) =>
      telemetry.logger.warn(
        { err: String(error) },
        'cannot read the API keys; retrying with back-off, calls get UNAVAILABLE once the copy expires',
      ),
    onReadRecovered: (failedReads) => telemetry.logger.info({ failedReads }, 'the API keys can be read again'),
  });
  lifecycle.add(
    'api key store',
    () => keys.open(),
    () => keys.close(),
  );
  const options = { defaultRatePerSecond: env.GRPC_RATE_LIMIT_PER_SECOND, tenant: env.TENANT_ID };
  return { ...settings, authorizer: new CallAuthorizer(keys.store, options), auth: { keys: keys.store, options } };
}

function tlsSettings(env: GrpcSettings): GrpcTransportOptions['tls'] {
  const files = grpcTlsFiles(env);
  return files && readServerTls(files);
}

/**
 * The service's gRPC server: Nest's gRPC transport for the module's @GrpcMethod controllers
 * (`services`: ts-proto's definitions by fully qualified name), every call through the call
 * guard (API keys, scopes, rate and time limits), plus what GrpcCallInterceptor needs. It
 * starts after everything else and stops first, so no call arrives at a closed store.
 */
export function grpcTransportProviders(env: GrpcSettings, services: Record<string, ServiceDefinition>): Provider[] {
  return [
    {
      provide: GRPC_CALL_TELEMETRY,
      inject: [LOGGER, METRICS_REGISTRY],
      useFactory: (logger: Logger, registry: Registry): GrpcCallTelemetry => ({
        logger,
        metrics: createGrpcMetrics(registry),
      }),
    },
    {
      provide: GRPC_CALL_GUARD,
      inject: [GRPC_CALL_TELEMETRY, LIFECYCLE],
      useFactory: (telemetry: GrpcCallTelemetry, lifecycle: Lifecycle) => guardSettings(env, telemetry, lifecycle),
    },
    {
      provide: GRPC_TRANSPORT,
      inject: [LOGGER, LIFECYCLE, SERVICE_PORTS, MICROSERVICE_TRANSPORTS, GRPC_CALL_GUARD],
      useFactory: (
        logger: Logger,
        lifecycle: Lifecycle,
        ports: ServicePorts,
        transports: unknown[],
        { auth: _auth, ...guard }: GrpcCallGuard,
      ) => {
        const tls = tlsSettings(env);
        const transport = new GrpcTransport({
          host: env.GRPC_HOST,
          port: env.GRPC_PORT,
          maxReceiveMessageBytes: env.GRPC_MAX_MESSAGE_BYTES,
          shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
          services,
          logger,
          guard,
          ...(tls ? { tls } : {}),
        });
        transports.push(transport);
        lifecycle.add(
          'grpc server',
          async () => {
            await listenOn(transport);
            ports.grpc = transport.port;
          },
          () => transport.close(),
          'grpc',
        );
        return transport;
      },
    },
  ];
}
