import {
  checkPlatformFields,
  evenAfterFieldErrors,
  grpcFields,
  env,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';
import { defaultEventLimits, type EventLimits } from '@demand/event-validation';

const schema = z
  .object({
    ...serviceFields({ httpPort: 8081 }),
    ...grpcFields({ grpcPort: 50051 }),
    ...kafkaFields,
    COLLECTOR_MAX_BATCH_EVENTS: env.positiveInt(defaultEventLimits.maxBatchEvents),
    COLLECTOR_MAX_TEXT_LENGTH: env.positiveInt(defaultEventLimits.maxTextLength),
    COLLECTOR_FUTURE_TOLERANCE_MS: env.nonNegativeNumber(defaultEventLimits.futureToleranceMs),
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type CollectorEnv = z.output<typeof schema>;

export interface CollectorConfig {
  env: CollectorEnv;
  limits: EventLimits;
}

export function loadCollectorConfig(environment: Environment): CollectorConfig {
  const parsed = parseConfig(schema, environment);
  return {
    env: parsed,
    limits: {
      ...defaultEventLimits,
      maxBatchEvents: parsed.COLLECTOR_MAX_BATCH_EVENTS,
      maxTextLength: parsed.COLLECTOR_MAX_TEXT_LENGTH,
      futureToleranceMs: parsed.COLLECTOR_FUTURE_TOLERANCE_MS,
    },
  };
}
