export {
  type ApiKeyRecord,
  type IssuedApiKey,
  hashSecret,
  issueApiKey,
  parseApiKey,
  parseScopes,
  type Scope,
  scopes,
  secretMatches,
  tenantOfKey,
} from './api-key.js';
export type { ApiKeyStore, KeyCopy } from './api-key-store.port.js';
export { type AuthDecision, CallAuthorizer, type CallAuthorizerOptions } from './call-authorizer.js';
export {
  apiKeyMigrations,
  ClickHouseApiKeyStore,
  type ClickHouseApiKeyStoreOptions,
  requireKeyTable,
} from './clickhouse-api-key-store.adapter.js';
export { FileApiKeyStore } from './file-api-key-store.adapter.js';
export { type ApiKeyStoreHandle, apiKeyStoreFor } from './open-api-key-store.js';
export { accessFor, type MethodAccess, methodScopes, scopesAllow } from './method-scopes.js';
export { RateLimiter } from './rate-limiter.js';
