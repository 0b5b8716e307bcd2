import type { ApiKeyRecord } from './api-key.js';

export interface KeyCopy {
  record: ApiKeyRecord | undefined;
  ageMs: number;
}

/** Where the hashes of the issued keys live; shared by every gRPC server and the CLI. */
export interface ApiKeyStore {
  find(id: string): Promise<ApiKeyRecord | undefined>;
  /** As `find`, with how long ago the copy it answered from was read (a cache of it expires that much sooner). */
  findCopy?(id: string): Promise<KeyCopy>;
  list(): Promise<ApiKeyRecord[]>;
  add(record: ApiKeyRecord): Promise<void>;
  /** Marks the key revoked; false when no such key exists. Revoking twice keeps the first time. */
  revoke(id: string, at: Date): Promise<boolean>;
}
