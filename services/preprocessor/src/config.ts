import { checkPlatformFields, env, kafkaFields, parseConfig, serviceFields, z, type Environment } from '@demand/config';
import { defaultEventLimits, type EventLimits } from '@demand/event-validation';

const schema = z
  .object({
    ...serviceFields({ httpPort: 8082 }),
    ...kafkaFields,
    PREPROCESSOR_DEDUP_WINDOW: env.positiveInt(1_000_000),
  })
  .superRefine(checkPlatformFields);

export interface PreprocessorConfig {
  env: z.output<typeof schema>;
  limits: EventLimits;
}

export function loadPreprocessorConfig(environment: Environment): PreprocessorConfig {
  return { env: parseConfig(schema, environment), limits: defaultEventLimits };
}
