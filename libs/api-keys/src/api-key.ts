import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEFAULT_TENANT, isTenantId } from '@demand/config';

export const scopes = ['track', 'read', 'recommend', 'admin'] as const;
export type Scope = (typeof scopes)[number];

/** What the platform keeps of a key: never the key, only a hash of its secret part. */
export interface ApiKeyRecord {
  id: string;
  /** Who or what the key is for, e.g. "shop-frontend". */
  name: string;
  /** SHA-256 of the secret part, hex. */
  secretHash: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt?: string;
  /** Calls per second this key may make; the server's default when absent. */
  ratePerSecond?: number;
  /** The shop whose data the key reaches; keys written before tenancy have none and belong to `default`. */
  tenant?: string;
}

/** The tenant a key belongs to, from its record's `tenant` (see `ApiKeyRecord.tenant`). */
export function tenantOfKey(tenant: string | undefined): string {
  return tenant ?? DEFAULT_TENANT;
}

export interface IssuedApiKey {
  /** The key to hand to the caller, shown once: `dmk_<id>_<secret>`. */
  token: string;
  record: ApiKeyRecord;
}

const tokenPattern = /^dmk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/**
 * SHA-256, not a slow password hash: the secret is 256 random bits, so nothing can be
 * guessed from the hash, and checking a key on every call stays cheap.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function issueApiKey(options: {
  name: string;
  scopes: Scope[];
  ratePerSecond?: number;
  tenant?: string;
  now?: Date;
}): IssuedApiKey {
  const tenant = tenantOfKey(options.tenant);
  if (!isTenantId(tenant))
    throw new Error(`tenant must be a lower-case slug such as shop-a; got ${JSON.stringify(tenant)}`);
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return {
    token: `dmk_${id}_${secret}`,
    record: {
      id,
      name: options.name,
      secretHash: hashSecret(secret),
      scopes: [...new Set(options.scopes)],
      tenant,
      createdAt: (options.now ?? new Date()).toISOString(),
      ...(options.ratePerSecond === undefined ? {} : { ratePerSecond: options.ratePerSecond }),
    },
  };
}

/** The id and secret of a well-formed key; undefined for anything else. */
export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  const match = tokenPattern.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Compares in constant time, so response timing says nothing about how close a guess was. */
export function secretMatches(secret: string, record: ApiKeyRecord): boolean {
  const expected = Buffer.from(record.secretHash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function parseScopes(text: string): Scope[] {
  const parsed = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = parsed.filter((s) => !(scopes as readonly string[]).includes(s));
  if (unknown.length > 0 || parsed.length === 0) {
    throw new Error(`scopes must be a comma-separated list of ${scopes.join(', ')}; got ${JSON.stringify(text)}`);
  }
  return parsed as Scope[];
}
