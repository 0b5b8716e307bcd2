// A unary gRPC caller over node:http2 for load clients and tests: requests framed by the caller (`grpcFrame`), once
// each, answers handed back as bytes, any non-OK status a CallRefused as grpc-js's errors carry it.
import { connect, constants } from 'node:http2';
import { RETRY_AFTER_MS } from './retry-hint.js';

/** The gRPC length-prefixed frame of one message. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** Sends one framed request; resolves with the answer's message bytes (its gRPC length prefix dropped). */
type Caller = (frame: Buffer) => Promise<Buffer>;

/** A call's non-OK answer: its gRPC status `code` and its `retry-after-ms` hint as grpc-js's errors carry them. */
export class CallRefused extends Error {
  /** As grpc-js's Metadata answers `retryAfterMsOf`. */
  readonly metadata: { get(key: string): string[] };

  constructor(
    path: string,
    readonly code: number | undefined,
    retryAfterMs: string | undefined,
  ) {
    super(`${path}: grpc-status ${code ?? 'missing'}`);
    this.name = 'CallRefused';
    this.metadata = { get: (key) => (key === RETRY_AFTER_MS && retryAfterMs !== undefined ? [retryAfterMs] : []) };
  }
}

/**
 * One HTTP/2 connection that makes unary calls to `path`, failing on any non-OK gRPC status with a CallRefused
 * (`withPushback` reads its code and retry hint).
 */
export async function connectCaller(address: string, path: string): Promise<{ call: Caller; close(): void }> {
  // Calls in flight pile up while a stalled server catches up: no memory cap on the session (MB).
  const session = connect(`http://${address}`, { maxSessionMemory: 1024 });
  await new Promise<void>((resolve, reject) => {
    session.once('connect', () => resolve());
    session.once('error', reject);
  });
  const headers = {
    [constants.HTTP2_HEADER_METHOD]: 'POST',
    [constants.HTTP2_HEADER_PATH]: path,
    [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
    [constants.HTTP2_HEADER_TE]: 'trailers',
  };
  const call = (frame: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      const stream = session.request(headers, { endStream: false });
      let status: string | undefined;
      let retryAfterMs: string | undefined;
      const chunks: Buffer[] = [];
      // A refusal may come in the headers alone (trailers-only) or in the trailers.
      const read = (fields: Record<string, unknown>) => {
        if (fields['grpc-status'] !== undefined) status = String(fields['grpc-status']);
        if (fields[RETRY_AFTER_MS] !== undefined) retryAfterMs = String(fields[RETRY_AFTER_MS]);
      };
      stream.on('response', read);
      stream.on('trailers', read);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('error', reject);
      stream.once('close', () =>
        status === '0'
          ? resolve(Buffer.concat(chunks).subarray(5))
          : reject(new CallRefused(path, status === undefined ? undefined : Number(status), retryAfterMs)),
      );
      stream.end(frame);
    });
  return { call, close: () => session.close() };
}
