import type { ServiceDefinition } from '@grpc/grpc-js';

/** ts-proto's codec of one message type, as far as encoding goes. */
export interface MessageEncoder<T> {
  encode(message: T): { finish(): Uint8Array };
}

/**
 * Answers encoded once per message object: a read served from a cache of message objects keeps
 * their wire bytes beside them (weakly, so a refreshed cache drops both), and the transport sends
 * the bytes as they are instead of encoding the same message again on every call.
 */
export class EncodedResponses<T extends object> {
  private readonly bytes = new WeakMap<T, Buffer>();

  constructor(private readonly codec: MessageEncoder<T>) {}

  /** The message's wire bytes, typed as the message, for a handler to return. */
  of(message: T): T {
    let encoded = this.bytes.get(message);
    if (!encoded) {
      const raw = this.codec.encode(message).finish();
      encoded = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
      this.bytes.set(message, encoded);
    }
    // The transport's serializers pass bytes through (see `acceptEncodedResponses`).
    return encoded as unknown as T;
  }
}

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
