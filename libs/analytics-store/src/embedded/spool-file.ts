import { randomUUID } from 'node:crypto';
import { accessSync, constants, readdirSync, rmSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Where insert files are written for the engine to read: memory-backed when the system has it. */
export function spoolDirectory(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/**
 * A spool file lives for one insert statement (watched with a timeout of minutes); one older than
 * this was left by an insert killed mid-way.
 */
const STALE_AFTER_MS = 60 * 60_000;

const SPOOL_FILE = /^insert-[\w-]+\.bin$/;

/**
 * Insert files of this process, named `insert-<pid>-<uuid>.bin`. An insert killed mid-way (the
 * process with it) leaves its file behind, and /dev/shm holds it in memory until reboot (in a pod,
 * across container restarts): a new spool removes spool files older than any insert lasts. Their
 * age, not their process, tells: a restarted container's PIDs and PID namespace are new.
 */
export class Spool {
  private readonly prefix: string;

  constructor(readonly directory = spoolDirectory()) {
    this.prefix = `insert-${process.pid}-`;
    removeStaleFiles(directory, Date.now() - STALE_AFTER_MS);
  }

  /**
   * Writes `bytes` to a new file and returns its path, or undefined when it cannot (a full
   * /dev/shm: containers often get 64 MiB), leaving no partial file; the caller then sends the
   * rows another way, so a write failure costs speed, never rows.
   */
  async write(bytes: Uint8Array): Promise<string | undefined> {
    const file = path.join(this.directory, `${this.prefix}${randomUUID()}.bin`);
    try {
      await writeFile(file, bytes);
      return file;
    } catch {
      await rm(file, { force: true });
      return undefined;
    }
  }
}

function removeStaleFiles(directory: string, writtenBefore: number): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return; // nothing to clean; writes will fail over to inline text
  }
  for (const name of names) {
    if (!SPOOL_FILE.test(name)) continue;
    const file = path.join(directory, name);
    try {
      if (statSync(file).mtimeMs < writtenBefore) rmSync(file, { force: true });
    } catch {
      // removed meanwhile by its own insert or another spool
    }
  }
}
