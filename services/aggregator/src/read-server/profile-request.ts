/**
 * GetUserProfileRequest's `user_id` (field 1, a string) read from the request's wire bytes without the generated
 * codec, whose module graph loads Nest: the read server's worker keeps its heap to what it serves. Fields it does
 * not know are skipped as protobuf says (a newer client's request still reads); bytes that are not a protobuf
 * message throw.
 */
export function userIdOfRequest(bytes: Uint8Array): string {
  return firstStringField(bytes);
}

/** HealthCheckRequest's `service` (field 1, a string), read as `userIdOfRequest` reads its field. */
export function serviceOfHealthCheck(bytes: Uint8Array): string {
  return firstStringField(bytes);
}

function firstStringField(bytes: Uint8Array): string {
  let userId = '';
  let at = 0;
  while (at < bytes.length) {
    const [tag, afterTag] = varint(bytes, at);
    const field = Math.floor(tag / 8);
    if (field === 0) throw new Error('field number 0');
    at = afterTag;
    switch (tag % 8) {
      case 0:
        at = varint(bytes, at)[1];
        break;
      case 1:
        at += 8;
        break;
      case 2: {
        const [length, start] = varint(bytes, at);
        at = start + length;
        if (at > bytes.length) throw new Error('a length-delimited field runs past the end');
        if (field === 1)
          userId = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start, at);
        break;
      }
      case 5:
        at += 4;
        break;
      default:
        throw new Error(`wire type ${tag % 8} is not one of a message's`);
    }
    if (at > bytes.length) throw new Error('a field runs past the end');
  }
  return userId;
}

/** The varint at `at` and where the next field starts. */
function varint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, i + 1];
    scale *= 128;
  }
  throw new Error('a varint runs past the end');
}
