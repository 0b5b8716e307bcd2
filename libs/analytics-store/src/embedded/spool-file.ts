import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
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
 * Writes `bytes` to a new file of `directory` and returns its path, or undefined when it cannot
 * (a full /dev/shm: containers often get 64 MiB), leaving no partial file; the caller then sends
 * the rows another way, so a write failure costs speed, never rows.
 */
export async function writeSpoolFile(directory: string, bytes: Uint8Array): Promise<string | undefined> {
  const file = path.join(directory, `insert-${process.pid}-${randomUUID()}.bin`);
  try {
    await writeFile(file, bytes);
    return file;
  } catch {
    await rm(file, { force: true });
    return undefined;
  }
}
