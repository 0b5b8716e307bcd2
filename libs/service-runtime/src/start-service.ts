import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { Logger } from '@demand/telemetry';
import { NestPinoLogger } from './nest-logger.js';
import { SERVICE_PORTS } from './tokens.js';
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

/** Boots one service's Nest application and opens its HTTP endpoints. */
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
