import { Metadata, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { createLogger } from '@demand/telemetry';
import { GrpcTransport } from '../../src/grpc-transport.js';

/** A unary method as grpc-js calls it. */
export type UnaryMethod = (
  call: ServerUnaryCall<unknown, unknown>,
  callback: sendUnaryData<unknown>,
) => Promise<unknown>;

/**
 * What the processing hooks and the callback saw, in order, once every microtask and timer of one call to the
 * method `methodOf` builds on a fresh transport (not listening) has run.
 */
export async function unaryEvents(methodOf: (transport: GrpcTransport) => UnaryMethod): Promise<unknown[]> {
  const transport = new GrpcTransport({
    host: '127.0.0.1',
    port: 0,
    services: {},
    logger: createLogger({ service: 'test', level: 'silent' }),
    maxReceiveMessageBytes: 1024,
    shutdownGraceMs: 0,
    guard: { maxCallMs: 1_000 },
  });
  const events: unknown[] = [];
  transport.setOnProcessingStartHook((transportId, context, done) => {
    events.push(['start', transportId, (context as { operationId: string }).operationId]);
    return done();
  });
  transport.setOnProcessingEndHook((transportId, context) => events.push(['end', transportId, context]));
  const method = methodOf(transport);
  const call = { request: { id: 'r1' }, metadata: new Metadata() } as unknown as ServerUnaryCall<unknown, unknown>;
  await method(call, (error, value) => events.push(['callback', error, value])).then(
    () => events.push('resolved'),
    (error: Error) => events.push(['rejected', error.message]),
  );
  await new Promise((resolve) => setTimeout(resolve, 10));
  return events;
}
