import {
  evenAfterFieldErrors,
  analyticsFields,
  checkPlatformFields,
  grpcFields,
  kafkaFields,
  parseConfig,
  serviceFields,
  z,
  type Environment,
} from '@demand/config';

const schema = z
  .object({
    ...serviceFields({ httpPort: 8084 }),
    ...grpcFields({ grpcPort: 50054 }),
    ...kafkaFields,
    ...analyticsFields,
  })
  .superRefine(checkPlatformFields, evenAfterFieldErrors);

export type AggregatorConfig = { env: z.output<typeof schema> };

export function loadAggregatorConfig(environment: Environment): AggregatorConfig {
  return { env: parseConfig(schema, environment) };
}
