import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Environment } from './load-config.js';

/**
 * Credentials a service may take from a file instead of the environment: `X_FILE=/path` sets `X`
 * to the file's text (one trailing newline dropped), as a mounted Kubernetes Secret provides it.
 * Their values never appear in a configuration error.
 */
export const SECRET_VARIABLES = [
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'CLICKHOUSE_USER',
  'CLICKHOUSE_PASSWORD',
  'QDRANT_API_KEY',
] as const;

/** Variables whose values a configuration error never quotes (the secret files' and the pseudonym key). */
export const HIDDEN_VARIABLES: ReadonlySet<string> = new Set([...SECRET_VARIABLES, 'PRIVACY_PSEUDONYM_KEY']);

/**
 * The environment with the `X_FILE` of each secret variable in `names` (all of them unless given)
 * read into `X`, or the problems found doing it.
 */
export function readSecretFiles(
  env: Environment,
  names: Iterable<string> = SECRET_VARIABLES,
): { env: Environment; problems: string[] } {
  const resolved: Record<string, string | undefined> = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (file === undefined) continue;
    if (env[name] !== undefined) {
      problems.push(`${name}_FILE: set ${name} or ${name}_FILE, not both (${name} is also set)`);
      continue;
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      problems.push(`${name}_FILE: cannot read the file (${code}) (got ${JSON.stringify(file)})`);
    }
  }
  return { env: resolved, problems };
}

/**
 * The secret variables a schema has, so that a service reads only its own secret files (one
 * without ClickHouse must not fail on an unreadable `CLICKHOUSE_PASSWORD_FILE`). A schema whose
 * variables cannot be told (not an object, nor an object piped into a transform) gets them all.
 */
export function secretVariablesOf(schema: z.ZodType): readonly string[] {
  const variables = objectKeysOf(schema);
  return variables ? SECRET_VARIABLES.filter((name) => variables.has(name)) : SECRET_VARIABLES;
}

function objectKeysOf(schema: z.ZodType): ReadonlySet<string> | undefined {
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  if (schema instanceof z.ZodPipe) return objectKeysOf(schema.in as z.ZodType);
  return undefined;
}
