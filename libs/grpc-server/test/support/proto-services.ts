import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoFiles, protoRoot } from '@demand/contracts';

let loaded: [string, ServiceDefinition][] | undefined;

/**
 * Every service of proto/demand/v1 by its full name, read from the .proto files themselves (once
 * per test file): a service or method added there is here whether or not anyone listed it.
 */
export function protoServices(): readonly [string, ServiceDefinition][] {
  loaded ??= Object.entries(loadSync(protoFiles(), { includeDirs: [protoRoot] }))
    .filter(([, definition]) => !('format' in definition))
    .map(([service, definition]) => [service, definition as ServiceDefinition]);
  return loaded;
}

/** The path (`/demand.v1.Collector/Track`) of every method of every service in the .proto files. */
export function protoMethodPaths(): string[] {
  return protoServices().flatMap(([, definition]) => Object.values(definition).map((method) => method.path));
}
