import { ModelStoreError } from './model-store.error.js';

/** Naming rules shared by every adapter: model names, file paths inside a version, versions. */
export const MANIFEST_FILE = 'manifest.json';

const MODEL_NAME = /^[a-z0-9][a-z0-9\-_.]*$/;
const MAX_NAME_LENGTH = 128;
const FILE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export function checkModelName(name: string): void {
  if (typeof name !== 'string' || !MODEL_NAME.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new ModelStoreError(
      'INVALID_ARGUMENT',
      `model name ${JSON.stringify(name)} is invalid: use [a-z0-9][a-z0-9-_.]*, at most ${MAX_NAME_LENGTH} characters`,
    );
  }
}

/** Relative paths of plain segments ("weights.json", "onnx/model.onnx"); manifest.json is reserved. */
export function checkFileName(file: string): void {
  const valid =
    typeof file === 'string' &&
    file.length <= 255 &&
    file !== MANIFEST_FILE &&
    file.split('/').every((segment) => FILE_SEGMENT.test(segment));
  if (!valid) {
    throw new ModelStoreError(
      'INVALID_ARGUMENT',
      `file name ${JSON.stringify(file)} is invalid: use relative paths of [A-Za-z0-9_][A-Za-z0-9._-]* segments (not "${MANIFEST_FILE}")`,
    );
  }
}

export function checkVersionNumber(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new ModelStoreError('INVALID_ARGUMENT', `version must be a positive integer, got ${version}`);
  }
}

/** Zero-padded, so versions sort as text too: 3 → "000003". */
export function versionDirectoryName(version: number): string {
  return String(version).padStart(6, '0');
}
