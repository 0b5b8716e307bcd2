import path from 'node:path';
import {
  analyticsFields,
  checkPlatformFields,
  evenAfterFieldErrors,
  env,
  grpcFields,
  kafkaFields,
  parseConfig,
  serviceFields,
  tenantNames,
  z,
  type Environment,
} from '@demand/config';
import type { AnalyticsEnv } from '@demand/service-runtime';
import type { VectorStoreConfig } from '@demand/vector-store';
import type { ClickHouseCorpusOptions } from './adapters/clickhouse-training-corpus.adapter.js';
import type { TextAnalysisLimits } from './domain/text-analyst.js';
import type { ModelSettings } from './models/text-model-manager.js';

const PROVIDERS = ['cpu', 'cuda', 'tensorrt', 'rocm', 'dml', 'coreml', 'webgpu'] as const;

const optionalPositiveInt = z.coerce
  .number({ message: 'expected a number' })
  .int('expected a whole number')
  .positive('expected a positive number')
  .optional();

const schema = z
  .object({
    ...serviceFields({ httpPort: 8083 }),
    ...grpcFields({ grpcPort: 50053 }),
    ...kafkaFields,
    ...analyticsFields,
    /** Embedded vector store and the catalog's vocabulary live here. */
    EMBEDDER_DATA_DIR: z.string().min(1).default('.data/embedder'),
    /** Root of the model store (text-encoder, sentiment-head, intent-head). */
    EMBEDDER_MODELS_DIR: z.string().min(1).default('.data/models'),
    /** An exported BERT-family model directory (model.onnx, tokenizer.json, encoder.json) to serve instead of the store's encoder. */
    EMBEDDER_MODEL_DIR: z.string().min(1, 'must not be empty').optional(),
    EMBEDDER_EXECUTION_PROVIDERS: env
      .list(['cuda', 'cpu'])
      .refine((list) => list.length > 0 && list.every((p) => (PROVIDERS as readonly string[]).includes(p)), {
        message: `expected a comma-separated list of ${PROVIDERS.join(', ')}`,
      }),
    /** ONNX Runtime threads per model call (default: ONNX Runtime's choice, one per core). */
    EMBEDDER_INTRA_OP_THREADS: optionalPositiveInt,
    EMBEDDER_MAX_BATCH: env.positiveInt(32),
    EMBEDDER_MAX_WAIT_MS: env.nonNegativeNumber(4),
    EMBEDDER_MAX_QUEUED_TEXTS: env.positiveInt(20_000),
    EMBEDDER_CONCURRENT_BATCHES: env.positiveInt(1),
    /** Run waiting texts as soon as the model is free rather than waiting EMBEDDER_MAX_WAIT_MS for company. */
    EMBEDDER_DISPATCH_WHEN_IDLE: env.flag(true),
    EMBEDDER_MAX_TEXTS_PER_CALL: env.positiveInt(256),
    EMBEDDER_HEAD_RELOAD_MS: env.positiveInt(2000),
    /** Days of the shop's texts a training corpus reads (catalog items: all of them). */
    EMBEDDER_TRAINING_WINDOW_DAYS: env.positiveInt(90),
    EMBEDDER_TRAINING_MAX_TEXTS_PER_KIND: env.positiveInt(50_000),
    /** Clicks this long after a search count as what the search found. */
    EMBEDDER_CLICK_WINDOW_MINUTES: env.positiveInt(30),
    /** Enough of the shop's own data to train on instead of a seed: items, reviews, labelled customer turns. */
    EMBEDDER_MIN_SHOP_ITEMS: env.positiveInt(50),
    EMBEDDER_MIN_SHOP_REVIEWS: env.positiveInt(200),
    EMBEDDER_MIN_SHOP_LABELLED_TURNS: env.positiveInt(60),
    /** A first-start corpus (JSON) to use instead of the built-in generic seed; its models are cold. */
    EMBEDDER_SEED_CORPUS_FILE: z.string().min(1, 'must not be empty').optional(),
    /** A retrained head is published only if its holdout macro-F1 is at most this much below the champion's. */
    EMBEDDER_PROMOTION_TOLERANCE: env.nonNegativeNumber(0.02),
    /** Qdrant instead of the embedded vector store when set. */
    QDRANT_URL: env.url().optional(),
    QDRANT_API_KEY: z.string().min(1).optional(),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors)
  .superRefine((values, ctx) => {
    if (values.EMBEDDER_MAX_BATCH > values.EMBEDDER_MAX_QUEUED_TEXTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMBEDDER_MAX_QUEUED_TEXTS'],
        message: 'must be at least EMBEDDER_MAX_BATCH',
      });
    }
    if (values.EMBEDDER_MAX_TEXTS_PER_CALL > values.EMBEDDER_MAX_QUEUED_TEXTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['EMBEDDER_MAX_TEXTS_PER_CALL'],
        message: 'must not exceed EMBEDDER_MAX_QUEUED_TEXTS',
      });
    }
  });

export type EmbedderEnv = z.output<typeof schema>;

export interface EmbedderConfig {
  env: EmbedderEnv;
  models: ModelSettings;
  vectorStore: VectorStoreConfig;
  limits: TextAnalysisLimits;
  catalogTermsPath: string;
  modelsDir: string;
  analytics: AnalyticsEnv;
  corpus: Omit<ClickHouseCorpusOptions, 'clock'>;
}

export function loadEmbedderConfig(environment: Environment): EmbedderConfig {
  const values = parseConfig(schema, environment);
  return {
    env: values,
    modelsDir: values.EMBEDDER_MODELS_DIR,
    analytics: values,
    corpus: {
      clickWindowMinutes: values.EMBEDDER_CLICK_WINDOW_MINUTES,
      maxTextsPerKind: values.EMBEDDER_TRAINING_MAX_TEXTS_PER_KIND,
    },
    catalogTermsPath: path.join(values.EMBEDDER_DATA_DIR, 'catalog-terms.json'),
    vectorStore: {
      ...(values.QDRANT_URL
        ? {
            kind: 'qdrant',
            url: values.QDRANT_URL,
            ...(values.QDRANT_API_KEY ? { apiKey: values.QDRANT_API_KEY } : {}),
          }
        : { kind: 'embedded', dataDir: path.join(values.EMBEDDER_DATA_DIR, 'vectors') }),
      collectionPrefix: tenantNames(values.TENANT_ID).collectionPrefix,
    },
    limits: {
      maxTexts: values.EMBEDDER_MAX_TEXTS_PER_CALL,
      maxTextChars: 10_000,
      maxQueryChars: 1_000,
      maxResults: 100,
    },
    models: {
      modelDir: values.EMBEDDER_MODEL_DIR,
      executionProviders: values.EMBEDDER_EXECUTION_PROVIDERS,
      intraOpNumThreads: values.EMBEDDER_INTRA_OP_THREADS,
      batching: {
        maxBatchSize: values.EMBEDDER_MAX_BATCH,
        maxWaitMs: values.EMBEDDER_MAX_WAIT_MS,
        maxQueuedTexts: values.EMBEDDER_MAX_QUEUED_TEXTS,
        maxConcurrentBatches: values.EMBEDDER_CONCURRENT_BATCHES,
        dispatchWhenIdle: values.EMBEDDER_DISPATCH_WHEN_IDLE,
      },
      training: {
        windowDays: values.EMBEDDER_TRAINING_WINDOW_DAYS,
        minimum: {
          items: values.EMBEDDER_MIN_SHOP_ITEMS,
          reviews: values.EMBEDDER_MIN_SHOP_REVIEWS,
          labelledTurns: values.EMBEDDER_MIN_SHOP_LABELLED_TURNS,
        },
        seedCorpusFile: values.EMBEDDER_SEED_CORPUS_FILE,
        promotionTolerance: values.EMBEDDER_PROMOTION_TOLERANCE,
      },
      headReloadMs: values.EMBEDDER_HEAD_RELOAD_MS,
    },
  };
}
