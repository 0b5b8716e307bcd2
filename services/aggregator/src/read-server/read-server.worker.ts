// The read server's worker thread: GetUserProfile on a port of its own, grpc-js alone (no Nest, no generated
// codecs), through the platform's call guard, answered from the encoded answers the main thread posts. Its heap
// holds little more than grpc-js and those answers, so its collections are short and no refresh, ingest or Nest
// pipeline runs on its thread (docs/benchmarks.md, "profile-isolate").
import { parentPort, workerData } from 'node:worker_threads';
import { type Metadata, type sendUnaryData, Server, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { CallAuthorizer } from '@demand/api-keys/authorizer';
import { callGuard, readServerTls, serverCredentials, shutdownWithin, toGrpcStatus } from '@demand/grpc-server/plain';
import { InvalidProfileRequestError, userProfileMissing } from '../domain/profile-errors.js';
import { AnswerBook } from './answer-update.js';
import { CallNotes, READ_METHOD } from './call-notes.js';
import { serviceOfHealthCheck, userIdOfRequest } from './profile-request.js';
import { RelayedKeys } from './relayed-keys.js';
import type { FromReadWorker, ReadWorkerSettings, ToReadWorker } from './read-worker-protocol.js';

type ProfileRequest = { userId: string } | { invalid: string };

const settings = workerData as ReadWorkerSettings;
const main = parentPort!;
const post = (message: FromReadWorker, transfer?: ArrayBuffer[]) => main.postMessage(message, transfer);
const book = new AnswerBook();
const notes = new CallNotes();
const keys = settings.auth
  ? new RelayedKeys((seq, id) => post({ type: 'find-key', seq, id }), settings.auth.keysRefreshMs)
  : undefined;
const server = new Server({
  'grpc.max_receive_message_length': settings.maxReceiveMessageBytes,
  'grpc.max_send_message_length': settings.maxReceiveMessageBytes,
  interceptors: [
    callGuard({
      maxCallMs: settings.maxCallMs,
      onRejected: (method, code, error) => notes.refused(method, code, error),
      ...(keys && settings.auth ? { authorizer: new CallAuthorizer(keys, settings.auth) } : {}),
    }),
  ],
});
const same = (bytes: Buffer) => bytes;
const unary = { requestStream: false, responseStream: false, requestSerialize: same, responseDeserialize: same };
server.addService(
  {
    getUserProfile: {
      ...unary,
      path: `/${READ_METHOD}`,
      requestDeserialize: readRequest,
      responseSerialize: same,
    },
  },
  { getUserProfile },
);
// The standard health check, answered SERVING while the port is bound (HealthCheckResponse{status: SERVING}), for
// the server ('') and the service it serves; other names are NOT_FOUND, as on the main port.
const serving = Buffer.from([0x08, 0x01]);
const FEATURES = READ_METHOD.slice(0, READ_METHOD.indexOf('/'));
server.addService(
  {
    check: { ...unary, path: '/grpc.health.v1.Health/Check', requestDeserialize: same, responseSerialize: same },
  },
  { check: healthCheck },
);
const reporting = setInterval(report, settings.reportEveryMs);

function healthCheck(call: ServerUnaryCall<Buffer, Buffer>, done: sendUnaryData<Buffer>): void {
  let service: string;
  try {
    service = serviceOfHealthCheck(call.request);
  } catch (error) {
    return done({ code: status.INVALID_ARGUMENT, details: `request: ${(error as Error).message}` });
  }
  if (service === '' || service === FEATURES) return done(null, serving);
  done({ code: status.NOT_FOUND, details: `Health status unknown for service ${service}` });
}

function readRequest(bytes: Buffer): ProfileRequest {
  try {
    return { userId: userIdOfRequest(bytes) };
  } catch (error) {
    return { invalid: (error as Error).message };
  }
}

function getUserProfile(call: ServerUnaryCall<ProfileRequest, Buffer>, done: sendUnaryData<Buffer>): void {
  const started = performance.now();
  const request = call.request;
  const answer = 'userId' in request ? book.get(request.userId) : undefined;
  if (answer) {
    done(null, answer);
    notes.handled(status.OK, performance.timeOrigin + started, performance.now() - started, traceOf(call.metadata));
    return;
  }
  const error =
    'userId' in request
      ? userProfileMissing(request.userId)
      : new InvalidProfileRequestError(`request: not a valid message for /${READ_METHOD} (${request.invalid})`);
  const { code, details } = toGrpcStatus(error);
  done({ code, details });
  const took = performance.now() - started;
  notes.handled(code, performance.timeOrigin + started, took, traceOf(call.metadata), error.message);
}

/** The caller's trace context, for the span the main thread makes of the call. */
function traceOf(metadata: Metadata): Record<string, string> | undefined {
  const [traceparent] = metadata.get('traceparent');
  if (typeof traceparent !== 'string') return undefined;
  const [tracestate] = metadata.get('tracestate');
  return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
}

function report(): void {
  if (!notes.empty) post({ type: 'calls', report: notes.take() });
}

/** Calls in flight get the grace time, then are cancelled; their notes go out last. */
async function close(): Promise<void> {
  clearInterval(reporting);
  await shutdownWithin(server, settings.shutdownGraceMs);
  report();
  post({ type: 'closed' });
}

main.on('message', (message: ToReadWorker) => {
  switch (message.type) {
    case 'answers':
      book.apply(message.update);
      return post({ type: 'applied', seq: message.seq });
    case 'key':
      return keys?.answered(message.seq, message.answer);
    case 'listen':
      // A failure to bind is thrown here: the worker's error event tells the main thread.
      return server.bindAsync(
        `${settings.host}:${settings.port}`,
        serverCredentials(settings.tls && readServerTls(settings.tls)),
        (error, port) => {
          if (error) throw error;
          post({ type: 'listening', port });
        },
      );
    case 'close':
      return void close();
  }
});
