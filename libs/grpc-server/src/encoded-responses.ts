import type { ServiceDefinition } from '@grpc/grpc-js';

/** The same services, whose response serializers send an already encoded answer (a Uint8Array) unchanged. */
export function acceptEncodedResponses(services: Record<string, ServiceDefinition>): Record<string, ServiceDefinition> {
  return Object.fromEntries(
    Object.entries(services).map(([name, definition]) => [
      name,
      Object.fromEntries(
        Object.entries(definition).map(([method, call]) => {
          const serialize = call.responseSerialize;
          const responseSerialize = (value: unknown): Buffer =>
            value instanceof Uint8Array
              ? Buffer.isBuffer(value)
                ? value
                : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
              : serialize(value);
          return [method, { ...call, responseSerialize }];
        }),
      ),
    ]),
  );
}
