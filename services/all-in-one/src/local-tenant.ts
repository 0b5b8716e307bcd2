import { ConfigError, DEFAULT_TENANT, type Environment, scopedEnvironment } from '@demand/config';

/**
 * The one tenant of a local-mode process: `TENANT_ID` (or the default tenant) for every service.
 * A `<SERVICE>_TENANT_ID` naming another tenant would put that service in another shop's topics
 * and keys than the rest, so it is refused at start-up, naming the variable.
 */
export function localTenant(env: Environment, serviceNames: readonly string[]): string {
  const tenant = env.TENANT_ID ?? DEFAULT_TENANT;
  const problems = serviceNames.flatMap((name) => {
    const variable = `${name.toUpperCase()}_TENANT_ID`;
    const value = scopedEnvironment(env, name).TENANT_ID ?? DEFAULT_TENANT;
    if (value === tenant) return [];
    return [
      `${variable}: local mode runs every service for one tenant, TENANT_ID (${JSON.stringify(tenant)}); ` +
        `got ${JSON.stringify(value)}. Set TENANT_ID=${value} for the whole process, or remove ${variable}`,
    ];
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return tenant;
}
