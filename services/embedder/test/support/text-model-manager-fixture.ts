import { setTimeout as sleep } from 'node:timers/promises';
import { DirectoryModelStore } from '@demand/model-store';
import type { ModelPublished } from '@demand/contracts';
import { ModelRepository } from '../../src/adapters/model-repository.adapter.js';
import { TextModelManager, type ModelSettings } from '../../src/models/text-model-manager.js';
import { TrainingRuns, type TrainingSettings } from '../../src/models/training-runs.js';
import type { TrainingCorpus } from '../../src/training/corpus.js';
import { genericSeedCorpus } from '../../src/training/generic-seed.js';
import { type InProcessTrainer, TINY_CORPUS } from './in-process-trainer.js';
import { recordingPinoLogger } from './recording-log.js';
import { shopCorpus } from './shop-corpus.js';

export const TRAINING: TrainingSettings = {
  windowDays: 30,
  minimum: { items: 20, reviews: 30, labelledTurns: 30 },
  seedCorpusFile: undefined,
  promotionTolerance: 0.02,
};

const settings = (overrides: Partial<ModelSettings> = {}): ModelSettings => ({
  modelDir: undefined,
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  batching: { maxBatchSize: 8, maxWaitMs: 1, maxQueuedTexts: 1000 },
  training: TRAINING,
  headReloadMs: 50,
  ...overrides,
});

/** The seed: the built-in generic one. The shop's own data: a tiny test-kit shop, once it has "arrived". */
export const SEED = genericSeedCorpus();
export const SHOP: TrainingCorpus = {
  ...shopCorpus(TINY_CORPUS),
  source: { kind: 'shop', store: 'memory' },
  window: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-10T00:00:00.000Z' },
};
export const EMPTY: TrainingCorpus = { ...SHOP, items: [], reviews: [], queries: [], dialogTurns: [] };

export function manager(
  storeRoot: string,
  trainer: InProcessTrainer,
  overrides: Partial<ModelSettings> = {},
  shop: { corpus: TrainingCorpus } = { corpus: EMPTY },
) {
  const { logger, lines } = recordingPinoLogger();
  const store = new DirectoryModelStore({ root: storeRoot });
  const repository = new ModelRepository(store);
  const announced: ModelPublished[] = [];
  const configured = settings(overrides);
  const runs = new TrainingRuns({
    repository,
    corpus: { read: async () => shop.corpus },
    seedCorpus: async () => SEED,
    announcements: { announce: async (message) => void announced.push(message) },
    settings: configured.training,
    logger,
  });
  const models = new TextModelManager({ repository, trainer, runs, settings: configured, logger });
  return { models, store, lines, announced };
}

export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
