import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAnalyticsStore, type AnalyticsStore, type EmbeddedStoreConfig } from '../src/index.js';

export interface TemporaryStore {
  store: AnalyticsStore;
  directory: string;
  dispose(): Promise<void>;
}

/** An embedded store on a fresh temporary data directory, removed by dispose(). */
export function openTemporaryStore(options: Omit<EmbeddedStoreConfig, 'mode' | 'path'> = {}): TemporaryStore {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'analytics-store-'));
  const store = createAnalyticsStore({ mode: 'embedded', path: directory, ...options });
  return {
    store,
    directory,
    async dispose() {
      try {
        await store.close();
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}
