// The call authorizer without the key stores' adapters: an entry that loads neither the ClickHouse client nor
// chdb, for a gRPC server in a worker thread that reads its keys through another thread's store.
export type { ApiKeyRecord } from './api-key.js';
export type { ApiKeyStore, KeyCopy } from './api-key-store.port.js';
export { type AuthDecision, CallAuthorizer, type CallAuthorizerOptions } from './call-authorizer.js';
