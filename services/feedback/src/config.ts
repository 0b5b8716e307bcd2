import { parseConfig, serviceFields, z, type Environment } from '@demand/config';

const schema = z.object({
  ...serviceFields({ httpPort: 8087 }),
});

export type FeedbackConfig = { env: z.output<typeof schema> };

export function loadFeedbackConfig(environment: Environment): FeedbackConfig {
  return { env: parseConfig(schema, environment) };
}
