import type { ServiceDefinition } from '@grpc/grpc-js';
import type { Provider } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { createGrpcMetrics, GRPC_CALL_TELEMETRY, type GrpcCallTelemetry, GrpcTransport } from '@demand/grpc-server';
import type { Logger } from '@demand/telemetry';
import type { Lifecycle } from './lifecycle.js';
import { listenOn } from './listen-on.js';
import type { ServicePorts } from './service-runtime.module.js';
import { LIFECYCLE, LOGGER, METRICS_REGISTRY, MICROSERVICE_TRANSPORTS, SERVICE_PORTS } from './tokens.js';

export const GRPC_TRANSPORT = Symbol('GrpcTransport');

export interface GrpcSettings {
  host: string;
  port: number;
  maxReceiveMessageBytes: number;
  shutdownGraceMs: number;
  /** ts-proto's service definitions this server serves, by fully qualified name. */
  services: Record<string, ServiceDefinition>;
}

/**
 * The service's gRPC server: Nest's gRPC transport for the module's @GrpcMethod controllers,
 * plus what GrpcCallInterceptor needs. It starts after everything else and stops first, so
 * no call arrives at a closed store.
 */
export function grpcTransportProviders(settings: GrpcSettings): Provider[] {
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
      provide: GRPC_TRANSPORT,
      inject: [LOGGER, LIFECYCLE, SERVICE_PORTS, MICROSERVICE_TRANSPORTS],
      useFactory: (logger: Logger, lifecycle: Lifecycle, ports: ServicePorts, transports: unknown[]) => {
        const transport = new GrpcTransport({ ...settings, logger });
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
