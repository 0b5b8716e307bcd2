import { randomUUID } from 'node:crypto';
import { accessSync, constants, readdirSync, readlinkSync, rmSync } from 'node:fs';
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
 * The process's PID namespace (Linux: the inode in /proc/self/ns/pid), so that a directory shared
 * by containers with PID namespaces of their own (/dev/shm in one pod) never mistakes another
 * container's process for a dead one here.
 */
function pidNamespace(): string {
  try {
    return /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? 'host';
  } catch {
    return 'host';
  }
}

const SPOOL_FILE = /^insert-(\w+)-(\d+)-[0-9a-f-]+\.bin$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process, alive
  }
}

/**
 * Insert files of this process, named `insert-<pid namespace>-<pid>-<uuid>.bin`. An insert killed
 * mid-way (the process with it) leaves its file behind, and /dev/shm holds it in memory until
 * reboot: a new spool removes the files of processes of its PID namespace that no longer run.
 */
export class Spool {
  private readonly prefix: string;

  constructor(readonly directory = spoolDirectory()) {
    const namespace = pidNamespace();
    this.prefix = `insert-${namespace}-${process.pid}-`;
    removeStaleFiles(directory, namespace);
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

function removeStaleFiles(directory: string, namespace: string): void {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return; // nothing to clean; writes will fail over to inline text
  }
  for (const name of names) {
    const match = SPOOL_FILE.exec(name);
    if (match?.[1] === namespace && !isRunning(Number(match[2]))) rmSync(path.join(directory, name), { force: true });
  }
}
