import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { createGrpcMetrics, GrpcServerHost, type GrpcMetrics, type GrpcServiceBinding } from '@demand/grpc-server';
import type { Logger } from '@demand/telemetry';
import type { Lifecycle } from './lifecycle.js';
import { LIFECYCLE, LOGGER, METRICS_REGISTRY, SERVICE_PORTS } from './tokens.js';
import type { ServicePorts } from './service-runtime.module.js';

export const GRPC_HOST = Symbol('GrpcHost');

export interface GrpcHostSettings {
  host: string;
  port: number;
  maxReceiveMessageBytes: number;
  shutdownGraceMs: number;
}

/**
 * Provides the service's gRPC server. It starts after everything it depends on (last
 * lifecycle step) and is the first to stop, so no call arrives at a closed store.
 */
export function grpcHostProvider(
  settings: GrpcHostSettings,
  inject: InjectionToken[],
  bindings: (transport: { logger: Logger; metrics: GrpcMetrics }, ...deps: any[]) => GrpcServiceBinding[],
): FactoryProvider<GrpcServerHost> {
  return {
    provide: GRPC_HOST,
    inject: [LOGGER, LIFECYCLE, METRICS_REGISTRY, SERVICE_PORTS, ...inject],
    useFactory: (logger: Logger, lifecycle: Lifecycle, registry: Registry, ports: ServicePorts, ...deps: unknown[]) => {
      const host = new GrpcServerHost({
        ...settings,
        logger,
        services: bindings({ logger, metrics: createGrpcMetrics(registry) }, ...deps),
      });
      lifecycle.add(
        'grpc server',
        async () => {
          ports.grpc = await host.start();
          host.setServing(true);
        },
        () => host.stop(),
      );
      return host;
    },
  };
}
