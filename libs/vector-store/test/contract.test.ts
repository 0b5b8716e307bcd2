import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QdrantClient } from '@qdrant/js-client-rest';
import { EmbeddedVectorStore, QdrantVectorStore } from '../src/index.js';
import { vectorStoreContract, type ContractTarget } from './contract.js';

// The one place this package's tests read the environment: the test entry point passes a
// Qdrant URL when a real server is available.
const qdrantUrl = process.env.QDRANT_URL;

vectorStoreContract('embedded (usearch + node:sqlite)', async (): Promise<ContractTarget> => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vector-store-contract-'));
  return {
    // A tiny exact-scan limit so that filtered searches go through the ANN over-fetch path too.
    open: async () => new EmbeddedVectorStore({ dataDir, exactSearchMaxCandidates: 8 }),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

if (qdrantUrl) {
  vectorStoreContract(
    `qdrant at ${qdrantUrl}`,
    async (): Promise<ContractTarget> => ({
      open: async () => new QdrantVectorStore({ url: qdrantUrl, upsertBatchSize: 64 }),
      cleanup: async (collections) => {
        const admin = new QdrantClient({ url: qdrantUrl, checkCompatibility: false });
        for (const name of collections)
          if ((await admin.collectionExists(name)).exists) await admin.deleteCollection(name);
      },
    }),
  );
} else {
  console.log(
    'vector-store contract: the Qdrant leg did NOT run (no QDRANT_URL given); only the embedded adapter was checked.',
  );
}
