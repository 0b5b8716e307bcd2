import type { z } from 'zod';
import { HIDDEN_VARIABLES, readSecretFiles, secretVariablesOf } from './secret-files.js';

/** Raised at start-up when the environment does not satisfy a service's schema. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Validates an environment against a schema and lists every bad variable at once,
 * each named with what was expected and what was found (a secret's value never).
 * The schema's secret variables may come from files (`X_FILE`, see secret-files.ts), read here
 * once; the files of secrets the schema does not have are not read.
 */
export function parseConfig<S extends z.ZodType>(schema: S, given: Environment): z.output<S> {
  const { env, problems } = readSecretFiles(given, secretVariablesOf(schema));
  const result = schema.safeParse(env);
  if (result.success && problems.length === 0) return result.data as z.output<S>;
  for (const issue of result.error?.issues ?? []) {
    const variable = issue.path.length > 0 ? issue.path.join('.') : '(environment)';
    const name = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    const raw = name === undefined ? undefined : env[name];
    const found =
      raw === undefined
        ? 'it is not set'
        : HIDDEN_VARIABLES.has(name ?? '')
          ? 'the value is never shown'
          : `got ${JSON.stringify(raw)}`;
    problems.push(`${variable}: ${issue.message} (${found})`);
  }
  throw new ConfigError(problems);
}

/** The one place in the platform that reads the process environment. */
export function processEnvironment(): Environment {
  return process.env;
}

/**
 * The sub-environment of one service in a multi-service process: variables named
 * `<PREFIX>_X` become `X`, over the shared variables. `COLLECTOR_GRPC_PORT=1` gives the
 * collector `GRPC_PORT=1` while `KAFKA_BROKERS` stays shared.
 */
export function scopedEnvironment(env: Environment, prefix: string): Environment {
  const scoped: Record<string, string | undefined> = { ...env };
  const marker = `${prefix.toUpperCase()}_`;
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(marker)) scoped[key.slice(marker.length)] = value;
  }
  return scoped;
}

/** Loads configuration at start-up; on a ConfigError prints every problem and exits with status 2. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
