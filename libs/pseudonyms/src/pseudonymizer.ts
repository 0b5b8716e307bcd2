import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { LruMap } from '@demand/lru-map';

/** Key of the pseudonymisation; opaque when printed or logged. */
export class PseudonymKey {
  // Imported once: a raw Buffer key is re-imported on every createHmac call.
  readonly #key: KeyObject;

  constructor(bytes: Buffer) {
    if (bytes.length < 32) throw new RangeError(`a pseudonym key needs at least 32 bytes (got ${bytes.length})`);
    this.#key = createSecretKey(Buffer.from(bytes));
  }

  /** HMAC-SHA256 of `value` under this key. */
  hmac(value: string): Buffer {
    return createHmac('sha256', this.#key).update(value, 'utf8').digest();
  }

  toString(): string {
    return '[pseudonym key]';
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * Replaces shop user ids with keyed pseudonyms: `p` + the first 128 bits of
 * HMAC-SHA256(key, user id) in hex. The same id always gives the same pseudonym under one key;
 * without the key a pseudonym cannot be linked back. Recent answers are cached (users repeat): at
 * most `cacheSize`, the least recently used forgotten first a generation at a time (`LruMap`), so
 * a full cache keeps the users it saw lately instead of starting afresh.
 */
export class Pseudonymizer {
  private readonly cache: LruMap<string, string>;

  constructor(
    private readonly key: PseudonymKey,
    cacheSize = 100_000,
  ) {
    this.cache = new LruMap(cacheSize);
  }

  pseudonymOf(userId: string): string {
    if (userId === '') return '';
    const cached = this.cache.get(userId);
    if (cached !== undefined) return cached;
    const pseudonym = `p${this.key.hmac(userId).toString('hex', 0, 16)}`;
    this.cache.set(userId, pseudonym);
    return pseudonym;
  }
}

/** What a pseudonym looks like; a user id of this shape has already been through the preprocessor. */
export const PSEUDONYM_PATTERN = /^p[0-9a-f]{32}$/;
