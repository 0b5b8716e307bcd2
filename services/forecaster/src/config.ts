import { parseConfig, serviceFields, z, type Environment } from '@demand/config';

const schema = z.object({
  ...serviceFields({ httpPort: 8085 }),
});

export type ForecasterConfig = { env: z.output<typeof schema> };

export function loadForecasterConfig(environment: Environment): ForecasterConfig {
  return { env: parseConfig(schema, environment) };
}
