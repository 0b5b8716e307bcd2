import {
  type Metadata,
  type sendUnaryData,
  Server,
  type ServerUnaryCall,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { ServerGrpc } from '@nestjs/microservices';
import { finalize, isObservable } from 'rxjs';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import path from 'node:path';
import { protoFiles, protoRoot } from '@demand/contracts';
import type { Logger } from '@demand/telemetry';
import { acceptEncodedResponses } from './encoded-responses.js';
import { type CallGuardSettings, callGuard } from './call-guard.js';
import { type ServerTls, serverCredentials, shutdownWithin } from './server-plumbing.js';
import { UNDECODABLE_REQUEST } from './undecodable-request.js';

export interface GrpcTransportOptions {
  host: string;
  /** 0 picks a free port; `port` tells the bound one once listening. */
  port: number;
  /** ts-proto's service definitions by fully qualified name, e.g. `{ 'demand.v1.Collector': CollectorService }`. */
  services: Record<string, ServiceDefinition>;
  logger: Logger;
  /** The largest message the server accepts and the largest it sends, on every method. */
  maxReceiveMessageBytes: number;
  /** How long close() waits for in-flight calls before cancelling them. */
  shutdownGraceMs: number;
  /** API keys, scopes, rate limits and the longest a call may run; every method goes through it. */
  guard: CallGuardSettings;
  tls?: ServerTls;
}

/**
 * grpc-js answers a request it cannot decode with INTERNAL, as if the server were at fault;
 * decoding here never throws, so the call guard can tell the caller what is wrong instead.
 */
function withTolerantDecoding(services: Record<string, ServiceDefinition>): Record<string, ServiceDefinition> {
  return Object.fromEntries(
    Object.entries(services).map(([name, definition]) => [
      name,
      Object.fromEntries(
        Object.entries(definition).map(([method, d]) => [
          method,
          {
            ...d,
            requestDeserialize: (bytes: Buffer) => {
              try {
                return d.requestDeserialize(bytes);
              } catch (error) {
                return { [UNDECODABLE_REQUEST]: error };
              }
            },
          },
        ]),
      ),
    ]),
  );
}

/**
 * Nest's gRPC transport serving ts-proto's own service definitions (so ts-proto's codecs stay
 * on the wire: oneofs keep `$case`, Timestamps stay Dates), with the standard health-checking
 * service and server reflection on the same port, the bound port kept, and a graceful close.
 * A handler may answer with the message's bytes already encoded (`acceptEncodedResponses`).
 */
export class GrpcTransport extends ServerGrpc {
  private readonly health: HealthImplementation;
  private readonly serviceNames: string[];
  private boundPort: number | undefined;

  constructor(private readonly settings: GrpcTransportOptions) {
    const serviceNames = Object.keys(settings.services);
    const packages = [...new Set(serviceNames.map((name) => name.slice(0, name.lastIndexOf('.'))))];
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    super({
      url: `${host}:${settings.port}`,
      package: packages,
      packageDefinition: acceptEncodedResponses(withTolerantDecoding(settings.services)) as never,
    });
    this.serviceNames = serviceNames;
    this.health = new HealthImplementation({
      '': 'NOT_SERVING',
      ...Object.fromEntries(serviceNames.map((name) => [name, 'NOT_SERVING' as const])),
    });
  }

  get port(): number {
    if (this.boundPort === undefined) throw new Error('gRPC server is not listening');
    return this.boundPort;
  }

  /**
   * A copy of @nestjs/microservices 12.1.1's `createUnaryServiceMethod` (server/server-grpc.js) without
   * its rxjs pipeline when the handler's answer is a plain value (a controller without interceptors,
   * e.g. the recommender's): Nest turns every answer into an Observable, a `finalize` and a subscriber
   * only to pass it to the callback. An Observable answer (interceptors, and errors mapped by the
   * exception filters) goes Nest's way. test/unary-method.test.ts holds both to the same hooks and
   * callback for every kind of answer, and fails on another Nest version.
   */
  override createUnaryServiceMethod(
    methodHandler: (request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>) => unknown,
  ) {
    return async (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
      this.runWithProcessingHooks(
        { ...call, operationId: methodHandler.name } as never,
        async (runEndHook) => {
          const answer: unknown = await methodHandler(call.request, call.metadata, call);
          if (!isObservable(answer)) {
            runEndHook();
            callback(null, answer);
            return;
          }
          answer.pipe(finalize(runEndHook)).subscribe({
            next: async (data) => callback(null, await data),
            error: (err: ServiceError) => callback(err),
          });
        },
        call.request as never,
      );
  }

  /** Replaces Nest's, which binds the server but forgets the port it got. */
  override async createClient(): Promise<Server> {
    const server = new Server({
      'grpc.max_receive_message_length': this.settings.maxReceiveMessageBytes,
      'grpc.max_send_message_length': this.settings.maxReceiveMessageBytes,
      interceptors: [callGuard(this.settings.guard)],
    });
    this.health.addToServer(server);
    const descriptors = loadSync([...protoFiles(), path.relative(protoRoot, healthProtoPath)], {
      includeDirs: [protoRoot, path.dirname(healthProtoPath)],
    });
    new ReflectionService(descriptors).addToServer(server);
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(this.url, serverCredentials(this.settings.tls), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    return server;
  }

  override async listen(callback: (error?: unknown, ...rest: unknown[]) => void): Promise<void> {
    await super.listen((error?: unknown, ...rest: unknown[]) => {
      if (!error) {
        this.setServing(true);
        this.settings.logger.info({ port: this.boundPort, services: this.serviceNames }, 'gRPC server listening');
      }
      callback(error, ...rest);
    });
  }

  /** NOT_SERVING, then lets calls in flight finish for the grace time, then cancels the rest. */
  override async close(): Promise<void> {
    const server = this.grpcClient as Server | null;
    if (!server) return;
    this.grpcClient = null;
    this.setServing(false);
    await shutdownWithin(server, this.settings.shutdownGraceMs);
    this.boundPort = undefined;
  }

  private setServing(serving: boolean): void {
    const status = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', status);
    for (const name of this.serviceNames) this.health.setStatus(name, status);
  }
}
