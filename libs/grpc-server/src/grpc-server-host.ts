import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { protoFiles, protoRoot } from '@demand/contracts';
import type { Logger } from '@demand/telemetry';
import path from 'node:path';

export interface GrpcServiceBinding {
  /** Fully qualified service name, e.g. demand.v1.Collector (used by health checks). */
  name: string;
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  host: string;
  /** 0 picks a free port; the bound port is returned by start(). */
  port: number;
  services: GrpcServiceBinding[];
  logger: Logger;
  maxReceiveMessageBytes: number;
  /** How long stop() waits for in-flight calls before cancelling them. */
  shutdownGraceMs: number;
}

/**
 * One grpc-js server with the platform's services, the standard health-checking service
 * and server reflection (so `grpcurl list` works).
 */
export class GrpcServerHost {
  private readonly server: Server;
  private readonly health: HealthImplementation;
  private boundPort: number | undefined;

  constructor(private readonly options: GrpcServerOptions) {
    this.server = new Server({ 'grpc.max_receive_message_length': options.maxReceiveMessageBytes });
    for (const service of options.services) this.server.addService(service.definition, service.implementation);
    this.health = new HealthImplementation({
      '': 'NOT_SERVING',
      ...Object.fromEntries(options.services.map((s) => [s.name, 'NOT_SERVING' as const])),
    });
    this.health.addToServer(this.server);
    const descriptors = loadSync([...protoFiles(), path.relative(protoRoot, healthProtoPath)], {
      includeDirs: [protoRoot, path.dirname(healthProtoPath)],
    });
    new ReflectionService(descriptors).addToServer(this.server);
  }

  get port(): number {
    if (this.boundPort === undefined) throw new Error('gRPC server is not started');
    return this.boundPort;
  }

  async start(): Promise<number> {
    const address = `${this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host}:${this.options.port}`;
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    this.options.logger.info(
      { port: this.boundPort, services: this.options.services.map((s) => s.name) },
      'gRPC server listening',
    );
    return this.boundPort;
  }

  /** Reports SERVING / NOT_SERVING on the health-checking service for all services. */
  setServing(serving: boolean): void {
    const status = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', status);
    for (const service of this.options.services) this.health.setStatus(service.name, status);
  }

  async stop(): Promise<void> {
    if (this.boundPort === undefined) return;
    this.setServing(false);
    const graceful = new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), this.options.shutdownGraceMs).unref(),
    );
    if ((await Promise.race([graceful, timeout])) === 'timeout') this.server.forceShutdown();
    this.boundPort = undefined;
  }
}
