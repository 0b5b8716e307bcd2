import type { ServiceError } from '@grpc/grpc-js';

/** A grpc-js client's unary call as a promise. */
export function call<T>(fn: (cb: (err: ServiceError | null, res: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res))));
}
