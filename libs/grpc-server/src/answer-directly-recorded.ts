import type { Metadata } from '@grpc/grpc-js';
import type { GrpcCallRecorder } from './grpc-call.interceptor.js';
import type { GrpcTransport } from './grpc-transport.js';

/**
 * The transport answers the unary method at `path` with `handler` (`answerDirectly`, past Nest's pipeline), each
 * call recorded by `calls` as GrpcCallInterceptor records one (metrics, span, log; the method named by the path
 * without its leading slash). The controller must still declare the method for Nest's table.
 */
export function answerDirectlyRecorded<Request>(
  transport: GrpcTransport,
  calls: GrpcCallRecorder,
  path: string,
  handler: (request: Request, metadata: Metadata) => Promise<unknown>,
): void {
  const method = path.slice(1);
  transport.answerDirectly(path, (request, metadata) =>
    calls.run(method, metadata, () => handler(request as Request, metadata)),
  );
}
