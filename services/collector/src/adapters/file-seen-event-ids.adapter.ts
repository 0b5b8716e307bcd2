import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SeenEventIds } from '../ports/seen-event-ids.port.js';

/** A storage failure: the caller should retry later (gRPC UNAVAILABLE). */
export class SeenIdStoreError extends Error {
  readonly transient = true;
  constructor(action: string, cause: unknown) {
    super(`seen-event-id store: cannot ${action}: ${Error.isError(cause) ? cause.message : String(cause)}`, { cause });
    this.name = 'SeenIdStoreError';
  }
}

const LINE = /^(\d+)\t([A-Za-z0-9._:@-]+)$/;

/**
 * Seen event ids in memory (id → time, oldest first) backed by an append-only log under the
 * collector's data directory: one `time<TAB>id` line per id, appended once per batch (a
 * sequential write, far cheaper than random B-tree updates), replayed at start-up so the window
 * survives restarts, and rewritten when expired lines outnumber live ones. Writes reach the
 * operating system before a call is acknowledged; they are not fsynced (a power cut may lose the
 * last ones, and the preprocessor and the stores are idempotent anyway). At most `maxIds` ids
 * are kept; beyond that the oldest are forgotten early.
 */
export class FileSeenEventIds implements SeenEventIds {
  static readonly fileName = 'seen-event-ids.log';
  private readonly ids = new Map<string, number>();
  private fd: number | undefined;
  private linesInFile = 0;

  constructor(
    private readonly directory: string,
    private readonly maxIds: number,
  ) {}

  get file(): string {
    return path.join(this.directory, FileSeenEventIds.fileName);
  }

  get size(): number {
    return this.ids.size;
  }

  /** Replays the log, keeping ids seen at or after `since`, and opens it for appending. */
  open(since: number): void {
    if (this.fd !== undefined) return;
    try {
      mkdirSync(this.directory, { recursive: true });
      let text = '';
      try {
        text = readFileSync(this.file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      const lines = text.split('\n');
      lines.pop(); // '' after the last newline, or a line cut short by a crash
      for (const line of lines) {
        const match = LINE.exec(line);
        if (!match) continue;
        const at = Number(match[1]);
        if (at >= since) this.remember(match[2]!, at);
      }
      this.rewrite();
      this.fd = openSync(this.file, 'a');
    } catch (error) {
      throw new SeenIdStoreError(`open ${this.file}`, error);
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  async seenSince(ids: readonly string[], since: number): Promise<ReadonlySet<string>> {
    this.ready();
    const seen = new Set<string>();
    for (const id of ids) if ((this.ids.get(id) ?? Number.NEGATIVE_INFINITY) >= since) seen.add(id);
    return seen;
  }

  async record(ids: readonly string[], at: number): Promise<void> {
    if (ids.length === 0) return;
    const fd = this.ready();
    try {
      appendFileSync(fd, ids.map((id) => `${at}\t${id}\n`).join(''));
    } catch (error) {
      throw new SeenIdStoreError('record event ids', error);
    }
    this.linesInFile += ids.length;
    for (const id of ids) this.remember(id, at);
  }

  async forgetBefore(before: number): Promise<number> {
    this.ready();
    let forgotten = 0;
    for (const [id, at] of this.ids) {
      if (at >= before) break; // oldest first: the rest are newer
      this.ids.delete(id);
      forgotten++;
    }
    if (this.linesInFile > 2 * this.ids.size + 10_000) {
      try {
        this.close();
        this.rewrite();
        this.fd = openSync(this.file, 'a');
      } catch (error) {
        throw new SeenIdStoreError('compact the log', error);
      }
    }
    return forgotten;
  }

  private remember(id: string, at: number): void {
    this.ids.delete(id);
    this.ids.set(id, at);
    if (this.ids.size > this.maxIds) this.ids.delete(this.ids.keys().next().value as string);
  }

  /** Writes the live ids to a new file and puts it in place of the log. */
  private rewrite(): void {
    const next = `${this.file}.next`;
    let text = '';
    for (const [id, at] of this.ids) text += `${at}\t${id}\n`;
    writeFileSync(next, text);
    renameSync(next, this.file);
    this.linesInFile = this.ids.size;
  }

  private ready(): number {
    if (this.fd === undefined) throw new SeenIdStoreError('answer', new Error('the store is not open'));
    return this.fd;
  }
}
