import { createHash } from 'node:crypto';

/** Namespace of this library's name-based (version 5) point UUIDs. */
const POINT_ID_NAMESPACE = Buffer.from('8d0c3c5e7b2a4f1e9a6d2c4b1e0f7a93', 'hex');

/**
 * Qdrant accepts only unsigned integers or UUIDs as point ids; any caller id maps to the same
 * UUID every time (RFC 4122 version 5: SHA-1 of namespace + UTF-8 id).
 */
export function pointUuid(id: string): string {
  const bytes = createHash('sha1').update(POINT_ID_NAMESPACE).update(id, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
