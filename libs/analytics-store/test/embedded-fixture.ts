import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAnalyticsStore, type AnalyticsStore } from '../src/index.js';

export interface TemporaryStore {
  store: AnalyticsStore;
  directory: string;
  dispose(): Promise<void>;
}

/** An embedded store on a fresh temporary data directory, removed by dispose(). */
export function openTemporaryStore(): TemporaryStore {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'analytics-store-'));
  const store = createAnalyticsStore({ mode: 'embedded', path: directory });
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
