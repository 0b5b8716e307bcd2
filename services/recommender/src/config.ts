import { parseConfig, serviceFields, z, type Environment } from '@demand/config';

const schema = z.object({
  ...serviceFields({ httpPort: 8086 }),
});

export type RecommenderConfig = { env: z.output<typeof schema> };

export function loadRecommenderConfig(environment: Environment): RecommenderConfig {
  return { env: parseConfig(schema, environment) };
}
