import { ModelStoreError } from '../model-store.error.js';
import type { ModelVersion } from '../model-store.port.js';
import { MANIFEST_FILE, versionDirectoryName } from '../names.js';

/**
 * On-disk layout of the directory store:
 *   <root>/<name>/<000001>/manifest.json + the model's files   (one directory per version)
 *   <root>/<name>/champion.json                                 (the champion pointer)
 *   <root>/<name>/.staging-*                                    (a publish in progress)
 * A version directory without manifest.json is reserved by a publisher and not yet visible.
 */
export const CHAMPION_FILE = 'champion.json';
export const STAGING_PREFIX = '.staging-';

const VERSION_DIRECTORY = /^\d{6,}$/;

/** The version number of a directory entry, or undefined for anything else. */
export function parseVersionDirectory(entry: string): number | undefined {
  return VERSION_DIRECTORY.test(entry) ? Number(entry) : undefined;
}

/** Parses a stored manifest and checks it belongs where it was found. */
export function parseManifest(text: string, name: string, version: number): ModelVersion {
  let manifest: ModelVersion;
  try {
    manifest = JSON.parse(text) as ModelVersion;
  } catch {
    throw corruptManifest(name, version, 'it is not valid JSON');
  }
  const wellFormed =
    manifest?.name === name &&
    manifest.version === version &&
    typeof manifest.createdAt === 'string' &&
    typeof manifest.metadata === 'object' &&
    manifest.metadata !== null &&
    Array.isArray(manifest.files) &&
    manifest.files.every(
      (f) =>
        typeof f?.name === 'string' &&
        Number.isInteger(f.bytes) &&
        typeof f.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(f.sha256),
    );
  if (!wellFormed) throw corruptManifest(name, version, 'it does not describe this version (name, version, files)');
  return manifest;
}

function corruptManifest(name: string, version: number, why: string): ModelStoreError {
  return new ModelStoreError(
    'CORRUPT_ARTIFACT',
    `model "${name}" version ${versionDirectoryName(version)}: ${MANIFEST_FILE} is corrupt (${why})`,
  );
}
