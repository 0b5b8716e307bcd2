/**
 * Just enough of the Kafka wire format for the secured front: size-prefixed frames, request
 * headers, the SASL responses it writes itself, and the ApiVersions answer it extends.
 */

export const API_KEY = { Produce: 0, ApiVersions: 18, SaslHandshake: 17, SaslAuthenticate: 36 } as const;

export const ERROR_CODE = {
  NOT_LEADER_FOR_PARTITION: 6,
  UNSUPPORTED_VERSION: 35,
  ILLEGAL_SASL_STATE: 34,
  UNSUPPORTED_SASL_MECHANISM: 33,
  SASL_AUTHENTICATION_FAILED: 58,
} as const;

/** Versions the front answers (kafkajs 2.2.4 asks for SaslHandshake v1 and SaslAuthenticate v1). */
export const SASL_API_VERSIONS = [
  { apiKey: API_KEY.SaslHandshake, minVersion: 1, maxVersion: 1 },
  { apiKey: API_KEY.SaslAuthenticate, minVersion: 0, maxVersion: 1 },
] as const;

/** Whether the front parses this version of a SASL API (one of SASL_API_VERSIONS). */
export function isServedSaslVersion(apiKey: number, version: number): boolean {
  return SASL_API_VERSIONS.some(
    (api) => api.apiKey === apiKey && version >= api.minVersion && version <= api.maxVersion,
  );
}

/** Kafka's default socket.request.max.bytes: a larger size is not Kafka (a TLS ClientHello, say). */
const MAX_FRAME_BYTES = 100 * 1024 * 1024;

/**
 * Splits a byte stream into Kafka frames (the bytes after each int32 size). Bytes of an incomplete
 * frame are kept as a list of chunks and joined once, when the frame is whole.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private pendingBytes = 0;
  /** Size of the frame being gathered, once its 4 size bytes are in. */
  private expected: number | undefined;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.expected === undefined) {
        if (this.pendingBytes < 4) break;
        const size = this.take(4).readInt32BE(0);
        if (size < 0 || size > MAX_FRAME_BYTES) throw new Error(`invalid Kafka frame size ${size}`);
        this.expected = size;
      }
      if (this.pendingBytes < this.expected) break;
      frames.push(this.take(this.expected));
      this.expected = undefined;
    }
    return frames;
  }

  /** The bytes read but not yet returned as a frame, size prefix included; the reader is left empty. */
  drain(): Buffer {
    const prefix = this.expected === undefined ? [] : [int32(this.expected)];
    const rest = Buffer.concat([...prefix, ...this.chunks]);
    this.chunks = [];
    this.pendingBytes = 0;
    this.expected = undefined;
    return rest;
  }

  /** The first `count` pending bytes (count <= pendingBytes); copies only when they span chunks. */
  private take(count: number): Buffer {
    this.pendingBytes -= count;
    const first = this.chunks[0] ?? Buffer.alloc(0);
    if (first.length >= count) {
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
      return first.subarray(0, count);
    }
    const parts: Buffer[] = [];
    let needed = count;
    let whole = 0;
    for (; needed > 0; whole++) {
      const chunk = this.chunks[whole] ?? Buffer.alloc(0);
      if (chunk.length > needed) {
        parts.push(chunk.subarray(0, needed));
        this.chunks[whole] = chunk.subarray(needed);
        break;
      }
      parts.push(chunk);
      needed -= chunk.length;
    }
    this.chunks.splice(0, whole);
    return Buffer.concat(parts, count);
  }
}

export function frame(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  /** Offset of the request body; valid for non-flexible (header v1) requests only. */
  bodyOffset: number;
}

export function requestHeader(request: Buffer): RequestHeader {
  if (request.length < 10) throw new Error('Kafka request shorter than its header');
  const clientIdLength = request.readInt16BE(8);
  return {
    apiKey: request.readInt16BE(0),
    apiVersion: request.readInt16BE(2),
    correlationId: request.readInt32BE(4),
    bodyOffset: 10 + Math.max(0, clientIdLength),
  };
}

/** A response frame: correlation id (response header v0) and body. */
export function response(correlationId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeInt32BE(correlationId);
  return frame(Buffer.concat([header, body]));
}

export function int16(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeInt16BE(value);
  return out;
}

export function int32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeInt32BE(value);
  return out;
}

/** STRING (int16 length), or NULLABLE_STRING null. */
export function kafkaString(value: string | null): Buffer {
  if (value === null) return int16(-1);
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([int16(bytes.length), bytes]);
}

/** BYTES: int32 length and the bytes. */
export function kafkaBytes(value: Buffer): Buffer {
  return Buffer.concat([int32(value.length), value]);
}

export function readString(buffer: Buffer, offset: number): { value: string; next: number } {
  const length = buffer.readInt16BE(offset);
  if (length < 0) return { value: '', next: offset + 2 };
  return { value: buffer.toString('utf8', offset + 2, offset + 2 + length), next: offset + 2 + length };
}

export function readBytes(buffer: Buffer, offset: number): Buffer {
  const length = buffer.readInt32BE(offset);
  if (length < 0 || offset + 4 + length > buffer.length) throw new Error('Kafka BYTES field out of range');
  return buffer.subarray(offset + 4, offset + 4 + length);
}

function readUnsignedVarint(buffer: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  for (let shift = 0, at = offset; ; shift += 7, at++) {
    const byte = buffer.readUInt8(at);
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: at + 1 };
  }
}

function unsignedVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function skipTaggedFields(buffer: Buffer, offset: number): number {
  const count = readUnsignedVarint(buffer, offset);
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const size = readUnsignedVarint(buffer, readUnsignedVarint(buffer, at).next);
    at = size.next + size.value;
  }
  return at;
}

/**
 * The broker's ApiVersions response body (after the correlation id) with SaslHandshake and
 * SaslAuthenticate added, in the layout of the request's version (v0-v2 arrays, v3+ compact).
 * An error answer (e.g. UNSUPPORTED_VERSION) is returned as it is.
 */
export function withSaslApiVersions(body: Buffer, version: number): Buffer {
  if (body.readInt16BE(0) !== 0) return body;
  const flexible = version >= 3;
  const count = flexible ? readUnsignedVarint(body, 2) : { value: body.readInt32BE(2), next: 6 };
  const entryCount = flexible ? count.value - 1 : count.value;
  const kept: Buffer[] = [];
  let at = count.next;
  for (let i = 0; i < entryCount; i++) {
    const end = flexible ? skipTaggedFields(body, at + 6) : at + 6;
    const apiKey = body.readInt16BE(at);
    if (!SASL_API_VERSIONS.some((api) => api.apiKey === apiKey)) kept.push(body.subarray(at, end));
    at = end;
  }
  const added = SASL_API_VERSIONS.map((api) =>
    Buffer.concat([
      int16(api.apiKey),
      int16(api.minVersion),
      int16(api.maxVersion),
      ...(flexible ? [unsignedVarint(0)] : []),
    ]),
  );
  const total = kept.length + added.length;
  return Buffer.concat([
    body.subarray(0, 2),
    flexible ? unsignedVarint(total + 1) : int32(total),
    ...kept,
    ...added,
    body.subarray(at),
  ]);
}
