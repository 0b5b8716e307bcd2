import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { ConfigError } from '@demand/config';
import { loadEmbedderConfig } from '../src/config.js';

describe('embedder config', () => {
  it('defaults: CUDA first with CPU fallback, embedded vector store under the data dir, training from the shop', () => {
    const config = loadEmbedderConfig({});
    assert.deepEqual(config.models.executionProviders, ['cuda', 'cpu']);
    assert.deepEqual(config.vectorStore, { kind: 'embedded', dataDir: '.data/embedder/vectors', collectionPrefix: '' });
    assert.equal(config.modelsDir, '.data/models');
    assert.equal(config.models.modelDir, undefined);
    assert.equal(config.env.GRPC_PORT, 50053);
    assert.equal(config.env.HTTP_PORT, 8083);
    assert.deepEqual(config.models.batching, {
      maxBatchSize: 32,
      maxWaitMs: 4,
      maxQueuedTexts: 20_000,
      maxConcurrentBatches: 1,
      dispatchWhenIdle: true,
    });
    assert.deepEqual(config.models.training, {
      windowDays: 90,
      minimum: { items: 50, reviews: 200, labelledTurns: 60 },
      seedCorpusFile: undefined,
      promotionTolerance: 0.02,
    });
    assert.deepEqual(config.corpus, { clickWindowMinutes: 30, maxTextsPerKind: 50_000 });
    assert.equal(config.analytics.ANALYTICS_STORE, 'embedded');
  });

  it('picks Qdrant when QDRANT_URL is set, and takes an operator model directory', () => {
    const config = loadEmbedderConfig({
      QDRANT_URL: 'http://qdrant:6333',
      QDRANT_API_KEY: 'k',
      EMBEDDER_MODEL_DIR: '/models/bge-small-zh',
      EMBEDDER_EXECUTION_PROVIDERS: 'cpu',
    });
    assert.deepEqual(config.vectorStore, {
      kind: 'qdrant',
      url: 'http://qdrant:6333',
      apiKey: 'k',
      collectionPrefix: '',
    });
    assert.equal(loadEmbedderConfig({ TENANT_ID: 'shop-a' }).vectorStore.collectionPrefix, 'shop_a__');
    assert.equal(config.models.modelDir, '/models/bge-small-zh');
    assert.deepEqual(config.models.executionProviders, ['cpu']);
  });

  it("takes a cell's Qdrant API key and store credentials from secret files (mounted Secret)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'embedder-secrets-'));
    try {
      writeFileSync(path.join(dir, 'qdrant'), 'cell-key\n');
      writeFileSync(path.join(dir, 'clickhouse'), 'ch-pass\n');
      const config = loadEmbedderConfig({
        TENANT_ID: 'shop-a',
        QDRANT_URL: 'http://qdrant:6333',
        QDRANT_API_KEY_FILE: path.join(dir, 'qdrant'),
        CLICKHOUSE_PASSWORD_FILE: path.join(dir, 'clickhouse'),
      });
      assert.deepEqual(config.vectorStore, {
        kind: 'qdrant',
        url: 'http://qdrant:6333',
        apiKey: 'cell-key',
        collectionPrefix: 'shop_a__',
      });
      assert.equal(config.analytics.CLICKHOUSE_PASSWORD, 'ch-pass');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every bad variable at once', () => {
    assert.throws(
      () =>
        loadEmbedderConfig({
          EMBEDDER_EXECUTION_PROVIDERS: 'cuda,gpu',
          EMBEDDER_MAX_BATCH: '0',
          QDRANT_URL: 'not a url',
          EMBEDDER_MODEL_DIR: '',
          EMBEDDER_MAX_QUEUED_TEXTS: '10',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        [
          'EMBEDDER_EXECUTION_PROVIDERS',
          'EMBEDDER_MAX_BATCH',
          'QDRANT_URL',
          'EMBEDDER_MODEL_DIR',
          'EMBEDDER_MAX_TEXTS_PER_CALL',
        ].every((name) => error.problems.some((p) => p.startsWith(name))),
    );
  });
});
