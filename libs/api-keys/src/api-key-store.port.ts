import type { ApiKeyRecord } from './api-key.js';

/** Where the hashes of the issued keys live; shared by every gRPC server and the CLI. */
export interface ApiKeyStore {
  find(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  add(record: ApiKeyRecord): Promise<void>;
  /** Marks the key revoked; false when no such key exists. Revoking twice keeps the first time. */
  revoke(id: string, at: Date): Promise<boolean>;
}
