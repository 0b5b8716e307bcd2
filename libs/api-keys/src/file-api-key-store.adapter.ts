import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiKeyRecord } from './api-key.js';
import type { ApiKeyStore, KeyCopy } from './api-key-store.port.js';

interface KeyFile {
  keys: ApiKeyRecord[];
}

/**
 * Keys in one JSON file (mode 0600) that every server of a deployment reads: a key the CLI
 * adds or revokes is seen within `refreshMs`. Writes replace the file atomically (rename).
 */
export class FileApiKeyStore implements ApiKeyStore {
  private cached: { version: string; keys: Map<string, ApiKeyRecord> } | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly file: string,
    private readonly refreshMs = 1000,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    return (await this.current()).keys.get(id);
  }

  async findCopy(id: string): Promise<KeyCopy> {
    const { keys, readAt } = await this.current();
    return { record: keys.get(id), ageMs: this.nowMs() - readAt };
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...(await this.read()).values()];
  }

  async add(record: ApiKeyRecord): Promise<void> {
    const keys = await this.read();
    if (keys.has(record.id)) throw new Error(`API key ${record.id} already exists`);
    keys.set(record.id, record);
    await this.write(keys);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const keys = await this.read();
    const record = keys.get(id);
    if (!record) return false;
    if (!record.revokedAt) {
      keys.set(id, { ...record, revokedAt: at.toISOString() });
      await this.write(keys);
    }
    return true;
  }

  private async current(): Promise<{ keys: Map<string, ApiKeyRecord>; readAt: number }> {
    if (this.cached && this.nowMs() - this.checkedAt < this.refreshMs) {
      return { keys: this.cached.keys, readAt: this.checkedAt };
    }
    const readAt = this.nowMs();
    return { keys: await this.read(), readAt };
  }

  private async read(): Promise<Map<string, ApiKeyRecord>> {
    this.checkedAt = this.nowMs();
    const info = await stat(this.file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const version = info ? `${info.mtimeMs}:${info.size}:${info.ino}` : 'absent';
    if (this.cached?.version === version) return new Map(this.cached.keys);
    const parsed: KeyFile = info ? (JSON.parse(await readFile(this.file, 'utf8')) as KeyFile) : { keys: [] };
    if (!Array.isArray(parsed.keys)) throw new Error(`${this.file} is not an API key file (no "keys" list)`);
    const keys = new Map(parsed.keys.map((k) => [k.id, k]));
    this.cached = { version, keys };
    return new Map(keys);
  }

  private async write(keys: Map<string, ApiKeyRecord>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const body: KeyFile = { keys: [...keys.values()] };
    await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.file);
    this.cached = undefined;
  }
}
