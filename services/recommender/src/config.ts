import {
  analyticsFields,
  checkPlatformFields,
  env,
  evenAfterFieldErrors,
  grpcFields,
  kafkaFields,
  parseConfig,
  serviceFields,
  tenantNames,
  z,
  type Environment,
} from '@demand/config';
import { diversityWindow } from '@demand/recommend';
import type { VectorStoreConfig } from '@demand/vector-store';
import { type Arm, parseArms } from './domain/arms.js';
import type { RankedListOptions } from './domain/train-model.js';

/** The smallest diversity window of a request (count 1): a stored list shorter than it is never served. */
const MIN_RANKED_LIST_LENGTH = diversityWindow(1);

const arms = z
  .string()
  .default('control:learned:100')
  .transform((spec, ctx) => {
    try {
      return parseArms(spec);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const schema = z
  .object({
    ...serviceFields({ httpPort: 8086 }),
    ...grpcFields({ grpcPort: 50056 }),
    ...kafkaFields,
    ...analyticsFields,
    /** A/B arms as name:variant:weight, comma-separated; variant "learned" (the chosen ranker) or "fusion". */
    RECOMMENDER_AB_ARMS: arms,
    /** Changing the salt reshuffles users across arms. */
    RECOMMENDER_AB_SALT: z.string().min(1).default('recs-ab-1'),
    /** Days of the shop's behaviour history the model trains on, counted back from the newest event. */
    RECOMMENDER_HISTORY_DAYS: env.positiveInt(90),
    /** Most events one training run reads (the newest are kept). */
    RECOMMENDER_MAX_EVENTS: env.positiveInt(5_000_000),
    /** Below this many interactions in the window the service serves the cold list (popular, new arrivals). */
    RECOMMENDER_MIN_INTERACTIONS: env.nonNegativeNumber(1000),
    /** Retrain from the store this often (ms); 0 = only at start. */
    RECOMMENDER_RETRAIN_MS: env.nonNegativeNumber(21_600_000),
    /** The model store's directory: each trained version is published there (window, metrics, rankers). */
    RECOMMENDER_MODELS_DIR: z.string().min(1).default('.data/models'),
    /**
     * Share of users (0..1) a newly trained model serves as challenger beside the champion until the
     * feedback service's gate (models.decisions.v1) promotes or rolls it back; 0 = every retrain
     * replaces the model for everyone.
     */
    RECOMMENDER_CHALLENGER_SHARE: z.coerce.number().min(0).max(1).default(0),
    /**
     * Threads that compute recommendation lists beside the gRPC thread, each with its own copy of
     * the serving model (memory × threads); 0 = lists on the gRPC thread itself.
     */
    RECOMMENDER_SERVING_WORKERS: z.coerce
      .number({ message: 'expected a number' })
      .int('expected a whole number')
      .min(0, 'expected 0 or more')
      .max(64, 'expected at most 64')
      .default(0),
    /**
     * Best items of each known user's scored pool kept after every training (the requests of a
     * known user without page item or session filter and diversify them); 0 = score every request.
     * At least 50: a list is served only when it holds the request's diversity window, the best
     * max(5 × count, 50) items, so a shorter list would be built and refreshed but never read, and a
     * request with count > length / 5 is scored in full.
     */
    RECOMMENDER_RANKED_LIST_LENGTH: z.coerce
      .number({ message: 'expected a number' })
      .int('expected a whole number')
      .max(1000, 'expected at most 1000')
      .refine((n) => n === 0 || n >= MIN_RANKED_LIST_LENGTH, {
        message: `expected 0 (no lists) or at least ${MIN_RANKED_LIST_LENGTH} (a shorter list never holds a request's diversity window)`,
      })
      .default(100),
    /** A stored list older than this (ms) is not served from: scored again by its user's next request. */
    RECOMMENDER_RANKED_LIST_MAX_AGE_MS: env.positiveInt(3_600_000),
    /**
     * Stored lists past half that age scored again a second off the request path, for each serving
     * model and arm in each place lists are computed; 0 = only by requests.
     */
    RECOMMENDER_RANKED_LIST_REFRESH_PER_S: env.nonNegativeNumber(50),
    /**
     * Follow events.clean.v1 into a per-user history of what happened since the model's training
     * data (purchases left out, new users folded in, stored lists scored again); false = only the
     * trained history counts.
     */
    RECOMMENDER_LIVE_HISTORY: env.flag(true),
    /** Users the live history holds (those with the oldest last event are forgotten first). */
    RECOMMENDER_LIVE_HISTORY_USERS: env.positiveInt(100_000).refine((n) => n >= 2, 'expected at least 2'),
    /** Events (and, apart, purchases) the live history holds per user, the newest. */
    RECOMMENDER_LIVE_HISTORY_PER_USER: env.positiveInt(20),
    /** The live history starts reading this long (ms) before the first model's training cutoff. */
    RECOMMENDER_LIVE_HISTORY_MARGIN_MS: env.nonNegativeNumber(600_000),
    /** Train in a worker thread (false trains on the serving thread: tests only). */
    RECOMMENDER_TRAIN_IN_WORKER: env.flag(true),
    /**
     * The embedder's item collection (e.g. items_1a2b3c4d) whose vectors become the content
     * vectors; unset = vectors hashed from catalog fields. Read from Qdrant at QDRANT_URL, or
     * from the embedded store in RECOMMENDER_VECTORS_DIR (the embedder's data directory's vectors).
     */
    RECOMMENDER_ITEM_VECTORS_COLLECTION: z.string().min(1).optional(),
    RECOMMENDER_VECTORS_DIR: z.string().min(1).default('.data/embedder/vectors'),
    QDRANT_URL: env.url().optional(),
    QDRANT_API_KEY: z.string().min(1).optional(),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type RecommenderEnv = z.output<typeof schema>;

export interface RecommenderConfig {
  env: RecommenderEnv;
  arms: Arm[];
  training: {
    historyDays: number;
    maxEvents: number;
    minInteractions: number;
    retrainMs: number;
    inWorker: boolean;
    modelsDir: string;
    challengerShare: number;
    rankedLists: RankedListOptions;
  };
  /** Serving threads computing lists beside the gRPC thread; 0 = none. */
  servingWorkers: number;
  /** The live history of behaviour since training (events.clean.v1); absent = off. */
  liveHistory?: { maxUsers: number; perUser: number; marginMs: number };
  /** Where the encoder's item vectors are read, when a collection is configured. */
  itemVectors?: { collection: string; store: VectorStoreConfig };
}

export function loadRecommenderConfig(environment: Environment): RecommenderConfig {
  const values = parseConfig(schema, environment);
  return {
    env: values,
    arms: values.RECOMMENDER_AB_ARMS,
    training: {
      historyDays: values.RECOMMENDER_HISTORY_DAYS,
      maxEvents: values.RECOMMENDER_MAX_EVENTS,
      minInteractions: values.RECOMMENDER_MIN_INTERACTIONS,
      retrainMs: values.RECOMMENDER_RETRAIN_MS,
      inWorker: values.RECOMMENDER_TRAIN_IN_WORKER,
      modelsDir: values.RECOMMENDER_MODELS_DIR,
      challengerShare: values.RECOMMENDER_CHALLENGER_SHARE,
      rankedLists: {
        length: values.RECOMMENDER_RANKED_LIST_LENGTH,
        maxAgeMs: values.RECOMMENDER_RANKED_LIST_MAX_AGE_MS,
        refreshPerSecond: values.RECOMMENDER_RANKED_LIST_REFRESH_PER_S,
      },
    },
    servingWorkers: values.RECOMMENDER_SERVING_WORKERS,
    ...(values.RECOMMENDER_LIVE_HISTORY
      ? {
          liveHistory: {
            maxUsers: values.RECOMMENDER_LIVE_HISTORY_USERS,
            perUser: values.RECOMMENDER_LIVE_HISTORY_PER_USER,
            marginMs: values.RECOMMENDER_LIVE_HISTORY_MARGIN_MS,
          },
        }
      : {}),
    ...(values.RECOMMENDER_ITEM_VECTORS_COLLECTION
      ? {
          itemVectors: {
            collection: values.RECOMMENDER_ITEM_VECTORS_COLLECTION,
            store: {
              ...(values.QDRANT_URL
                ? {
                    kind: 'qdrant',
                    url: values.QDRANT_URL,
                    ...(values.QDRANT_API_KEY ? { apiKey: values.QDRANT_API_KEY } : {}),
                  }
                : { kind: 'embedded', dataDir: values.RECOMMENDER_VECTORS_DIR }),
              collectionPrefix: tenantNames(values.TENANT_ID).collectionPrefix,
            },
          },
        }
      : {}),
  };
}
