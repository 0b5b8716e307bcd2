// Operator tool: trains the embedder's models and publishes them to the model store.
//   node services/embedder/dist/src/train-main.js            heads for the encoder in service (hot reloaded)
//   node services/embedder/dist/src/train-main.js --encoder  a new domain encoder and its heads (used after a restart)
// Reads the service's own configuration (EMBEDDER_MODELS_DIR, EMBEDDER_MODEL_DIR, EMBEDDER_BOOTSTRAP_*).
import { configOrExit, processEnvironment } from '@demand/config';
import { DirectoryModelStore } from '@demand/model-store';
import { createLogger } from '@demand/telemetry';
import { directoryEncoder, ModelRepository } from './adapters/model-repository.adapter.js';
import { WorkerModelTrainer } from './adapters/worker-model-trainer.adapter.js';
import { loadEmbedderConfig } from './config.js';
import type { HeadTask } from './domain/head-artifact.js';

const config = configOrExit(() => loadEmbedderConfig(processEnvironment()));
const logger = createLogger({ service: 'embedder-train', level: config.env.LOG_LEVEL });
const newEncoder = process.argv.includes('--encoder');
const repository = new ModelRepository(new DirectoryModelStore({ root: config.modelsDir }));

const existing = newEncoder
  ? undefined
  : config.models.modelDir !== undefined
    ? await directoryEncoder(config.models.modelDir)
    : await repository.latestEncoder();
if (!newEncoder && !existing) {
  logger.error(
    { modelsDir: config.modelsDir },
    'no encoder in the model store: start the service once, or pass --encoder',
  );
  process.exit(1);
}
logger.info({ corpus: config.models.corpus, encoder: existing?.label ?? 'new' }, 'training');
const result = await new WorkerModelTrainer().start({
  corpus: config.models.corpus,
  encoder: existing ? { directory: existing.directory } : { train: true },
}).result;
const trainedAt = new Date().toISOString();
let location = existing;
if (!location) {
  if (!result.encoder) throw new Error('training returned no encoder');
  location = await repository.publishEncoder(result.encoder, {
    corpus: result.corpus,
    trainedAt,
    timingsMs: result.timingsMs,
  });
  logger.info({ encoder: location.label }, 'encoder published; services use it after a restart');
}
for (const task of ['sentiment', 'intent'] as HeadTask[]) {
  const { artifact, report } = result[task];
  const version = await repository.publishHead(task, artifact, {
    encoderFingerprint: location.fingerprint,
    encoder: location.label,
    corpus: result.corpus,
    report,
    trainedAt,
  });
  logger.info(
    { version: `${version.name}@${version.version}`, test: report.test, baseline: report.baseline },
    `${task} head published`,
  );
}
