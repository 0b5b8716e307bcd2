import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll } from '@jest/globals';
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

/** An embedded store for the tests of one file, opened before the first and disposed after the last. */
export function storeForThisFile(options: Omit<EmbeddedStoreConfig, 'mode' | 'path'> = {}): () => AnalyticsStore {
  let fixture: TemporaryStore | undefined;
  beforeAll(() => {
    fixture = openTemporaryStore(options);
  });
  afterAll(() => fixture?.dispose());
  return () => {
    if (fixture === undefined) throw new Error('the store opens in beforeAll');
    return fixture.store;
  };
}
