import 'reflect-metadata';
import type { ServiceDefinition } from '@grpc/grpc-js';
import type { INestMicroservice, Provider, Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
} from '@nestjs/common/constants.js';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { createLogger, type Logger } from '@demand/telemetry';
import { GRPC_CALL_TELEMETRY, type GrpcCallTelemetry, reportRejectedCalls } from './grpc-call.interceptor.js';
import { createGrpcMetrics } from './grpc-metrics.js';
import type { CallGuardSettings } from './call-guard.js';
import { GrpcTransport, type GrpcTransportOptions } from './grpc-transport.js';

export { CallRefused, connectCaller, grpcFrame } from './http2-unary-caller.js';

export interface GrpcTestServer {
  app: INestMicroservice;
  transport: GrpcTransport;
  port: number;
  address: string;
  registry: Registry;
  close(): Promise<void>;
}

/** Serves Nest gRPC controllers on 127.0.0.1 at a free port, for tests. */
export async function startGrpcTestServer(options: {
  services: Record<string, ServiceDefinition>;
  controllers: Type[];
  providers?: Provider[];
  logger?: Logger;
  shutdownGraceMs?: number;
  /** No API keys and a one-minute call limit when absent. */
  guard?: CallGuardSettings;
  tls?: GrpcTransportOptions['tls'];
  /** The transport provided under this token too, as the services' modules provide it (for `answerDirectly`). */
  provideTransportAs?: symbol;
}): Promise<GrpcTestServer> {
  const logger = options.logger ?? createLogger({ service: 'test', level: 'silent' });
  const registry = new Registry();
  const telemetry: GrpcCallTelemetry = { logger, metrics: createGrpcMetrics(registry) };
  const transport = new GrpcTransport({
    host: '127.0.0.1',
    port: 0,
    services: options.services,
    logger,
    maxReceiveMessageBytes: 4 * 1024 * 1024,
    shutdownGraceMs: options.shutdownGraceMs ?? 500,
    guard: { maxCallMs: 60_000, onRejected: reportRejectedCalls(telemetry), ...options.guard },
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const moduleRef = await Test.createTestingModule({
    controllers: options.controllers,
    providers: [
      ...(options.providers ?? []),
      { provide: GRPC_CALL_TELEMETRY, useValue: telemetry },
      ...(options.provideTransportAs ? [{ provide: options.provideTransportAs, useValue: transport }] : []),
    ],
  }).compile();
  const app = moduleRef.createNestMicroservice({ strategy: transport, logger: false });
  await app.listen();
  return {
    app,
    transport,
    port: transport.port,
    address: `127.0.0.1:${transport.port}`,
    registry,
    close: () => app.close(),
  };
}

/**
 * The Nest enhancers declared on a controller class or one of its methods (empty lists where none): what a test
 * pins where a method answered directly by the transport (`answerDirectly`) would skip them.
 */
export function declaredEnhancers(target: object): Record<'guards' | 'interceptors' | 'pipes' | 'filters', unknown[]> {
  const of = (key: string): unknown[] => Reflect.getMetadata(key, target) ?? [];
  return {
    guards: of(GUARDS_METADATA),
    interceptors: of(INTERCEPTORS_METADATA),
    pipes: of(PIPES_METADATA),
    filters: of(EXCEPTION_FILTERS_METADATA),
  };
}
