import { parseApiKey, secretMatches, tenantOfKey } from './api-key.js';
import type { ApiKeyStore } from './api-key-store.port.js';
import { accessFor, scopesAllow } from './method-scopes.js';
import { RateLimiter } from './rate-limiter.js';

export type AuthDecision =
  | { allowed: true; keyId?: string }
  | { allowed: false; reason: 'unauthenticated' | 'permission_denied' }
  /** `retryAfterMs`: by then the key has at least one call's worth again. */
  | { allowed: false; reason: 'rate_limited'; retryAfterMs: number };

export interface CallAuthorizerOptions {
  /** Calls per second of a key that sets no rate of its own. */
  defaultRatePerSecond: number;
  /** The tenant this server's data belongs to: keys of any other tenant may call nothing but health checks. */
  tenant: string;
}

/**
 * Decides whether the holder of an API key may call a method now: key valid, of this server's
 * tenant, scope granted, rate not used up.
 */
export class CallAuthorizer {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly options: CallAuthorizerOptions,
    private readonly limiter = new RateLimiter(),
  ) {}

  async authorize(methodPath: string, token: string | undefined): Promise<AuthDecision> {
    const access = accessFor(methodPath);
    if (access.kind === 'public') return { allowed: true };
    const parsed = token === undefined ? undefined : parseApiKey(token);
    if (!parsed) return { allowed: false, reason: 'unauthenticated' };
    const record = await this.store.find(parsed.id);
    if (!record || record.revokedAt || !secretMatches(parsed.secret, record)) {
      return { allowed: false, reason: 'unauthenticated' };
    }
    // A foreign key is told exactly what a key without the scope is told: nothing about tenants.
    if (tenantOfKey(record.tenant) !== this.options.tenant) return { allowed: false, reason: 'permission_denied' };
    if (access.kind === 'scope' && !scopesAllow(record.scopes, access.scope)) {
      return { allowed: false, reason: 'permission_denied' };
    }
    const rate = record.ratePerSecond ?? this.options.defaultRatePerSecond;
    if (!this.limiter.take(record.id, rate)) {
      return { allowed: false, reason: 'rate_limited', retryAfterMs: Math.ceil(1000 / rate) };
    }
    return { allowed: true, keyId: record.id };
  }
}
