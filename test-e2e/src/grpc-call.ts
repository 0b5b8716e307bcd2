import { Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';

/** Promise form of a unary call: `unaryCall((m, o, cb) => client.trackBatch(request, m, o, cb))`. */
export function unaryCall<Res>(
  invoke: (
    metadata: Metadata,
    options: Partial<CallOptions>,
    callback: (error: ServiceError | null, response: Res) => void,
  ) => unknown,
  timeoutMs = 15_000,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    invoke(new Metadata(), { deadline: new Date(Date.now() + timeoutMs) }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}
