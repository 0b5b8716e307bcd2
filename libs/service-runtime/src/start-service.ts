import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { Logger } from '@demand/telemetry';
import { NestPinoLogger } from './nest-logger.js';
import { MICROSERVICE_TRANSPORTS, SERVICE_PORTS } from './tokens.js';
import type { ServicePorts } from './service-runtime.module.js';

export interface RunningService {
  name: string;
  app: INestApplication;
  /** Port of the HTTP endpoints (/healthz, /readyz, /metrics). */
  httpPort: number;
  /** Port of the gRPC server, when the service has one. */
  grpcPort: number | undefined;
  close(): Promise<void>;
}

/** Connects the service's gRPC and bus transports to its app as Nest microservices (hybrid app). */
export function connectTransports(app: INestApplication): void {
  for (const strategy of app.get<CustomTransportStrategy[]>(MICROSERVICE_TRANSPORTS)) {
    app.connectMicroservice({ strategy });
  }
}

/**
 * Boots one service's Nest application: a hybrid app with its HTTP endpoints and, connected as
 * Nest microservices, its gRPC server and its bus consumers. The lifecycle starts and stops
 * them (see Lifecycle), not Nest, whose own order would close gRPC after the consumers.
 */
export async function startService(options: {
  name: string;
  module: DynamicModule;
  httpHost: string;
  httpPort: number;
  logger: Logger;
}): Promise<RunningService> {
  const app = await NestFactory.create(options.module, new ExpressAdapter(), {
    logger: new NestPinoLogger(options.logger),
    abortOnError: false,
  });
  connectTransports(app);
  await app.listen(options.httpPort, options.httpHost);
  const httpPort = ((app.getHttpServer() as Server).address() as AddressInfo).port;
  const grpcPort = app.get<ServicePorts>(SERVICE_PORTS, { strict: false }).grpc;
  options.logger.info({ httpPort, grpcPort }, `${options.name} started`);
  let closing: Promise<void> | undefined;
  return {
    name: options.name,
    app,
    httpPort,
    grpcPort,
    close: () => (closing ??= app.close().then(() => options.logger.info(`${options.name} stopped`))),
  };
}
