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
import { grpcErrorOf } from './grpc-exception.filter.js';
import { type ServerTls, serverCredentials, shutdownWithin } from './server-plumbing.js';
import { UNDECODABLE_REQUEST } from './undecodable-request.js';

/** A unary method's answer (a message, or its encoded bytes) to the request and metadata of a call. */
export type DirectUnaryHandler = (request: unknown, metadata: Metadata) => Promise<unknown>;

type UnaryMethod = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => Promise<void>;

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
  /** Unary methods answered directly (answerDirectly), by path, for the transport's life (each listen builds them). */
  private readonly direct = new Map<string, DirectUnaryHandler>();
  /** The paths of `direct` a controller declared, while bindEvents builds the server's methods. */
  private built = new Set<string>();

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

  /**
   * Answers the unary method at `path` (e.g. `/demand.v1.Recommend/Recommend`) with `handler` instead of
   * Nest's handler of the controller method that declares it: Nest's context creator, its guards, pipes,
   * interceptors and exception filters do not run (they cost a call ≈ 6 KB of promises, closures and argument
   * arrays even when a controller has none). A handler's error is answered as GrpcExceptionFilter maps it; the
   * processing hooks run as for any call. The handler gets the request and the metadata, not the call (no
   * deadline, cancellation or peer). Before `listen`, once a path; a controller must still declare the method.
   */
  answerDirectly(path: string, handler: DirectUnaryHandler): void {
    if (this.grpcClient) throw new Error(`answerDirectly(${path}): the server is already listening`);
    if (this.direct.has(path)) throw new Error(`answerDirectly(${path}): already answered directly`);
    this.direct.set(path, handler);
  }

  override createServiceMethod(
    methodHandler: (...args: never[]) => unknown,
    protoNativeHandler: { path: string; requestStream: boolean; responseStream: boolean },
    streamType: Parameters<ServerGrpc['createServiceMethod']>[2],
  ) {
    const handler = this.direct.get(protoNativeHandler.path);
    if (!handler) return super.createServiceMethod(methodHandler, protoNativeHandler, streamType);
    if (protoNativeHandler.requestStream || protoNativeHandler.responseStream)
      throw new Error(`${protoNativeHandler.path} streams: only unary methods are answered directly`);
    this.built.add(protoNativeHandler.path);
    return this.createDirectUnaryMethod(methodHandler.name, handler);
  }

  /** What createUnaryServiceMethod does for a handler's plain answer, and GrpcExceptionFilter for its error. */
  private createDirectUnaryMethod(operationId: string, handler: DirectUnaryHandler): UnaryMethod {
    return async (call, callback) =>
      this.runWithProcessingHooks(
        { ...call, operationId } as never,
        async (runEndHook) => {
          let answer: unknown;
          try {
            answer = await handler(call.request, call.metadata);
          } catch (error) {
            // Nest's order for an error: the filter's Observable errors (the callback), then its finalize.
            callback(grpcErrorOf(error) as ServiceError);
            runEndHook();
            return;
          }
          runEndHook();
          callback(null, answer);
        },
        call.request as never,
      );
  }

  /**
   * Nest's; then a method answered directly that no controller declares (Nest built no method for it) fails
   * the start. A failed start (that, a streaming method answered directly, a package not found) lets the port go.
   */
  override async bindEvents(): Promise<void> {
    this.built = new Set();
    try {
      await super.bindEvents();
      const undeclared = [...this.direct.keys()].filter((p) => !this.built.has(p));
      if (undeclared.length > 0)
        throw new Error(`answered directly but declared by no controller: ${undeclared.join(', ')}`);
    } catch (error) {
      (this.grpcClient as Server).forceShutdown();
      this.grpcClient = null;
      this.boundPort = undefined;
      throw error;
    }
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
