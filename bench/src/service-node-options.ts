/**
 * The one way to give a benchmark's services Node options: `<SERVICE>_NODE_OPTIONS` in the bench's
 * environment (`PREPROCESSOR_NODE_OPTIONS=--max-semi-space-size=16`) becomes that service's
 * `NODE_OPTIONS`, as a deployment sets them (deploy/README.md), in every bench that starts services
 * as processes (pipeline stages, soak, preprocessor-heap).
 */
export function nodeOptionsVariable(service: string): string {
  return `${serviceEnvPrefix(service)}NODE_OPTIONS`;
}

/** The prefix of a service's settings in the bench's environment: `pipeline-x` → `PIPELINE_X_`. */
export function serviceEnvPrefix(service: string): string {
  return `${service.toUpperCase().replaceAll('-', '_')}_`;
}

/** The service's `NODE_OPTIONS` from the bench's environment, when `<SERVICE>_NODE_OPTIONS` sets them. */
export function serviceNodeOptions(service: string): { NODE_OPTIONS?: string } {
  const options = process.env[nodeOptionsVariable(service)];
  return options ? { NODE_OPTIONS: options } : {};
}

/**
 * `<SERVICE>_…` settings of the bench's own environment (e.g. AGGREGATOR_INSERT_ROWS), passed to that
 * service; `<SERVICE>_NODE_OPTIONS` becomes its NODE_OPTIONS.
 */
export function serviceSettings(service: string): Record<string, string> {
  const prefix = serviceEnvPrefix(service);
  const settings = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith(prefix) && entry[0] !== nodeOptionsVariable(service) && entry[1] !== undefined,
    ),
  );
  return { ...settings, ...serviceNodeOptions(service) };
}
