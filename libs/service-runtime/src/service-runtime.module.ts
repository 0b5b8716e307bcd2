import {
  Global,
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from '@demand/telemetry';
import { Lifecycle } from './lifecycle.js';
import { ObservabilityController } from './observability.controller.js';
import { Readiness } from './readiness.js';
import { LIFECYCLE, LOGGER, METRICS_REGISTRY, MICROSERVICE_TRANSPORTS, READINESS, SERVICE_PORTS } from './tokens.js';

/** Ports the service's servers bound to, filled in as they start. */
export interface ServicePorts {
  grpc?: number;
}

export interface ServiceRuntimeOptions {
  service: string;
  logger: Logger;
  /** Node process metrics belong to one registry per process; local mode runs several services in one. */
  collectProcessMetrics: boolean;
}

/**
 * What every service gets: a logger, its own metrics registry, readiness checks, an
 * ordered lifecycle (which also starts and stops the gRPC and bus transports, in their
 * order), and the /healthz, /readyz and /metrics endpoints.
 */
@Global()
@Module({})
export class ServiceRuntimeModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(LIFECYCLE) private readonly lifecycle: Lifecycle) {}

  static forRoot(options: ServiceRuntimeOptions): DynamicModule {
    const registry = new Registry();
    registry.setDefaultLabels({ service: options.service });
    if (options.collectProcessMetrics) collectDefaultMetrics({ register: registry });
    return {
      module: ServiceRuntimeModule,
      controllers: [ObservabilityController],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: READINESS, useValue: new Readiness() },
        { provide: LIFECYCLE, useValue: new Lifecycle(options.logger) },
        { provide: SERVICE_PORTS, useValue: {} satisfies ServicePorts },
        { provide: MICROSERVICE_TRANSPORTS, useValue: [] },
      ],
      exports: [LOGGER, METRICS_REGISTRY, READINESS, LIFECYCLE, SERVICE_PORTS, MICROSERVICE_TRANSPORTS],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.lifecycle.startAll();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.lifecycle.stopAll();
  }
}
