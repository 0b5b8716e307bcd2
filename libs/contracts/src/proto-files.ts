import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Directory holding the .proto sources (copied here at build), for gRPC reflection. */
export const protoRoot = fileURLToPath(new URL('../../proto', import.meta.url));

/** The platform's .proto files, relative to protoRoot. */
export function protoFiles(): string[] {
  return readdirSync(path.join(protoRoot, 'demand/v1'))
    .filter((f) => f.endsWith('.proto'))
    .map((f) => `demand/v1/${f}`);
}
