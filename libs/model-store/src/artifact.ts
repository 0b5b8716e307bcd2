import { createHash } from 'node:crypto';
import { ModelStoreError } from './model-store.error.js';
import type { ModelArtifact, ModelFile } from './model-store.port.js';
import { checkFileName } from './names.js';

export interface EncodedFile extends ModelFile {
  content: Uint8Array;
}

export interface EncodedArtifact {
  /** Sorted by name, so manifests are stable. */
  files: EncodedFile[];
  /** A JSON copy of the caller's metadata (later changes by the caller do not leak in). */
  metadata: Record<string, unknown>;
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Validates an artifact and turns it into bytes with sizes and checksums. */
export function encodeArtifact(artifact: ModelArtifact): EncodedArtifact {
  if (
    typeof artifact !== 'object' ||
    artifact === null ||
    typeof artifact.files !== 'object' ||
    artifact.files === null
  ) {
    throw new ModelStoreError('INVALID_ARGUMENT', 'an artifact needs `files` (name → bytes or text) and `metadata`');
  }
  const names = Object.keys(artifact.files).sort();
  if (names.length === 0) throw new ModelStoreError('INVALID_ARGUMENT', 'an artifact needs at least one file');
  const files = names.map((name): EncodedFile => {
    checkFileName(name);
    const value = artifact.files[name];
    if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
      throw new ModelStoreError('INVALID_ARGUMENT', `file "${name}" must be a Uint8Array or a string`);
    }
    const content = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    return { name, bytes: content.byteLength, sha256: sha256Hex(content), content };
  });
  const folders = new Set(
    names.flatMap((name) =>
      name
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  const clash = names.find((name) => folders.has(name));
  if (clash) throw new ModelStoreError('INVALID_ARGUMENT', `"${clash}" cannot be both a file and a folder`);
  return { files, metadata: jsonCopy(artifact.metadata) };
}

function jsonCopy(metadata: unknown): Record<string, unknown> {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new ModelStoreError('INVALID_ARGUMENT', '`metadata` must be a plain object');
  }
  try {
    return JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>;
  } catch (error) {
    throw new ModelStoreError(
      'INVALID_ARGUMENT',
      `\`metadata\` must be JSON-serialisable: ${(error as Error).message}`,
    );
  }
}
