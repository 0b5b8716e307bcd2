import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { encodeArtifact, sha256Hex } from '../artifact.js';
import { isMissingFile, ModelStoreError, storeFailure } from '../model-store.error.js';
import type { ModelArtifact, ModelStore, ModelVersion, ModelWatch, WatchOptions } from '../model-store.port.js';
import { pollForNewVersions } from '../watch-versions.js';
import { checkFileName, checkModelName, checkVersionNumber, MANIFEST_FILE, versionDirectoryName } from '../names.js';
import { CHAMPION_FILE, parseManifest, parseVersionDirectory, STAGING_PREFIX } from './layout.js';

export interface DirectoryModelStoreOptions {
  /** Directory holding one folder per model name (created on first publish). */
  root: string;
  /** Clock for `createdAt` and promotion times (tests). */
  now?: () => Date;
}

/**
 * The model store on a local or mounted directory. Publishing stages the files in a hidden
 * folder, reserves the next version with an exclusive mkdir (so publishers in different
 * processes never share a number) and renames the staged folder onto the reserved, empty
 * version folder: readers see either nothing or the whole version.
 */
export class DirectoryModelStore implements ModelStore {
  readonly root: string;
  private readonly now: () => Date;

  constructor(options: DirectoryModelStoreOptions) {
    this.root = resolve(options.root);
    this.now = options.now ?? (() => new Date());
  }

  async publish(name: string, artifact: ModelArtifact): Promise<ModelVersion> {
    checkModelName(name);
    const encoded = encodeArtifact(artifact);
    const modelDirectory = join(this.root, name);
    let staging: string | undefined;
    try {
      await mkdir(modelDirectory, { recursive: true });
      staging = await mkdtemp(join(modelDirectory, STAGING_PREFIX));
      for (const file of encoded.files) {
        const path = join(staging, file.name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content, { flush: true });
      }
      const version = await this.reserveVersion(modelDirectory);
      const manifest: ModelVersion = {
        name,
        version,
        createdAt: this.now().toISOString(),
        metadata: encoded.metadata,
        files: encoded.files.map(({ name: file, bytes, sha256 }) => ({ name: file, bytes, sha256 })),
      };
      await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { flush: true });
      // Replaces the reserved empty directory in one step (rename(2) onto an empty directory).
      await rename(staging, join(modelDirectory, versionDirectoryName(version)));
      staging = undefined;
      await syncDirectory(modelDirectory);
      return structuredClone(manifest);
    } catch (error) {
      throw storeFailure(error, `publishing model "${name}" under ${this.root}`);
    } finally {
      if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async latest(name: string): Promise<ModelVersion | undefined> {
    checkModelName(name);
    const numbers = await this.versionNumbers(name);
    for (let i = numbers.length - 1; i >= 0; i--) {
      const manifest = await this.readManifest(name, numbers[i]!);
      if (manifest) return manifest;
    }
    return undefined;
  }

  async get(name: string, version: number): Promise<ModelVersion> {
    checkModelName(name);
    checkVersionNumber(version);
    const manifest = await this.readManifest(name, version);
    if (!manifest)
      throw new ModelStoreError(
        'NOT_FOUND',
        `model "${name}" has no published version ${versionDirectoryName(version)}`,
      );
    return manifest;
  }

  async list(name: string): Promise<ModelVersion[]> {
    checkModelName(name);
    return this.listAfter(name, 0);
  }

  async readFile(version: ModelVersion, file: string): Promise<Uint8Array> {
    const directory = this.directoryOf(version);
    const entry = version.files.find((f) => f.name === file);
    if (!entry) {
      const known = version.files.map((f) => f.name).join(', ');
      throw new ModelStoreError('NOT_FOUND', `${describe(version)} has no file "${file}" (it has: ${known})`);
    }
    checkFileName(file);
    let content: Buffer;
    try {
      content = await readFile(join(directory, file));
    } catch (error) {
      if (isMissingFile(error)) throw corrupt(version, file, 'it is missing');
      throw storeFailure(error, `reading ${describe(version)} file "${file}"`);
    }
    if (content.byteLength !== entry.bytes) {
      throw corrupt(version, file, `expected ${entry.bytes} bytes, found ${content.byteLength}`);
    }
    const actual = sha256Hex(content);
    if (actual !== entry.sha256) throw corrupt(version, file, `sha256 expected ${entry.sha256}, found ${actual}`);
    return new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  }

  async verify(version: ModelVersion): Promise<void> {
    for (const file of version.files) await this.readFile(version, file.name);
  }

  directoryOf(version: ModelVersion): string {
    checkModelName(version.name);
    checkVersionNumber(version.version);
    return join(this.root, version.name, versionDirectoryName(version.version));
  }

  watch(
    name: string,
    onPublished: (version: ModelVersion) => void | Promise<void>,
    options?: WatchOptions,
  ): ModelWatch {
    checkModelName(name);
    // Read synchronously, so a version published right after watch() returns is announced.
    const startAfter = this.latestCompleteVersionSync(name);
    return pollForNewVersions(startAfter, (after) => this.listAfter(name, after), onPublished, options);
  }

  async promote(name: string, version: number): Promise<ModelVersion> {
    const promoted = await this.get(name, version);
    const pointer = join(this.root, name, CHAMPION_FILE);
    const temporary = `${pointer}.${randomUUID()}.tmp`;
    try {
      const body = { version, promotedAt: this.now().toISOString() };
      await writeFile(temporary, `${JSON.stringify(body)}\n`, { flush: true });
      await rename(temporary, pointer);
      await syncDirectory(dirname(pointer));
      return promoted;
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw storeFailure(error, `promoting model "${name}" version ${version}`);
    }
  }

  async champion(name: string): Promise<ModelVersion | undefined> {
    checkModelName(name);
    let text: string;
    try {
      text = await readFile(join(this.root, name, CHAMPION_FILE), 'utf8');
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw storeFailure(error, `reading the champion of model "${name}"`);
    }
    let version: unknown;
    try {
      version = (JSON.parse(text) as { version?: unknown }).version;
    } catch {
      version = undefined;
    }
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
      throw new ModelStoreError('CORRUPT_ARTIFACT', `model "${name}": ${CHAMPION_FILE} is corrupt (no version number)`);
    }
    return this.get(name, version);
  }

  /** Complete versions newer than `after`, oldest first. */
  private async listAfter(name: string, after: number): Promise<ModelVersion[]> {
    const versions: ModelVersion[] = [];
    for (const number of await this.versionNumbers(name)) {
      if (number <= after) continue;
      const manifest = await this.readManifest(name, number);
      if (manifest) versions.push(manifest);
    }
    return versions;
  }

  /** Every version directory, reserved ones included, ascending. */
  private async versionNumbers(name: string): Promise<number[]> {
    let entries: string[];
    try {
      entries = await readdir(join(this.root, name));
    } catch (error) {
      if (isMissingFile(error)) return [];
      throw storeFailure(error, `listing versions of model "${name}"`);
    }
    return numbersOf(entries);
  }

  /** The manifest, or undefined while the version is missing or only reserved. */
  private async readManifest(name: string, version: number): Promise<ModelVersion | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.root, name, versionDirectoryName(version), MANIFEST_FILE), 'utf8');
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw storeFailure(error, `reading model "${name}" version ${versionDirectoryName(version)}`);
    }
    return parseManifest(text, name, version);
  }

  private async reserveVersion(modelDirectory: string): Promise<number> {
    let candidate = (numbersOf(await readdir(modelDirectory)).at(-1) ?? 0) + 1;
    for (let attempt = 0; attempt < 10_000; attempt++, candidate++) {
      try {
        await mkdir(join(modelDirectory, versionDirectoryName(candidate)));
        return candidate;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      }
    }
    throw new ModelStoreError('BACKEND_UNAVAILABLE', `could not reserve a version under ${modelDirectory}`);
  }

  private latestCompleteVersionSync(name: string): number {
    let entries: string[];
    try {
      entries = readdirSync(join(this.root, name));
    } catch (error) {
      if (isMissingFile(error)) return 0;
      throw storeFailure(error, `listing versions of model "${name}"`);
    }
    const complete = numbersOf(entries).filter((number) =>
      isFileSync(join(this.root, name, versionDirectoryName(number), MANIFEST_FILE)),
    );
    return complete.at(-1) ?? 0;
  }
}

function numbersOf(entries: string[]): number[] {
  return entries
    .map(parseVersionDirectory)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
}

function isFileSync(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function describe(version: ModelVersion): string {
  return `model "${version.name}" version ${versionDirectoryName(version.version)}`;
}

function corrupt(version: ModelVersion, file: string, why: string): ModelStoreError {
  return new ModelStoreError(
    'CORRUPT_ARTIFACT',
    `${describe(version)}: file "${file}" is corrupt (${why}); republish the model`,
  );
}

/** Makes a rename durable; best effort where directories cannot be opened for sync. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
