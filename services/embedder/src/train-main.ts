// Operator tool: asks the running embedder to retrain a model on the shop's latest data, via
// training.requested.v1 (the service scores it beside the champion, publishes and announces it).
//   node services/embedder/dist/src/train-main.js sentiment|intent|encoder [reason]
// Reads the service's own configuration (KAFKA_*).
import { KafkaEventBus } from '@demand/bus';
import { configOrExit, processEnvironment } from '@demand/config';
import { Topics } from '@demand/contracts';
import { kafkaConnection } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { Registry } from 'prom-client';
import { loadEmbedderConfig } from './config.js';
import { MODEL_NAMES } from './models/training-runs.js';

const config = configOrExit(() => loadEmbedderConfig(processEnvironment()));
const logger = createLogger({ service: 'embedder-train', level: config.env.LOG_LEVEL });
const [model = '', reason = 'operator'] = process.argv.slice(2);
if (MODEL_NAMES[model] === undefined) {
  logger.error({ model }, `name a model: ${Object.keys(MODEL_NAMES).join(', ')}`);
  process.exit(2);
}
// The service's own connection: SASL/TLS as configured, and the cell tenant's topic.
const bus = new KafkaEventBus({
  ...kafkaConnection(config.env, 'embedder-train', logger),
  metricsRegistry: new Registry(),
});
try {
  await bus.publish(Topics.trainingRequested, [{ model, reason, requestedAt: new Date().toISOString() }]);
  logger.info({ model, reason }, 'training requested; the embedder logs the outcome');
} finally {
  await bus.close();
}
