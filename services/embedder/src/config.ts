import { parseConfig, serviceFields, z, type Environment } from '@demand/config';

const schema = z.object({
  ...serviceFields({ httpPort: 8083 }),
});

export type EmbedderConfig = { env: z.output<typeof schema> };

export function loadEmbedderConfig(environment: Environment): EmbedderConfig {
  return { env: parseConfig(schema, environment) };
}
