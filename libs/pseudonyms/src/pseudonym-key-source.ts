import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PseudonymKey } from './pseudonymizer.js';

/** Where the pseudonymisation key comes from. */
export type PseudonymKeySource =
  | { kind: 'configured'; key: PseudonymKey }
  /** Local mode only: generated once and kept in this file (mode 0600). */
  | { kind: 'local-file'; file: string };

/**
 * The key as configured or, in local mode, the one kept in a file: generated on the first start
 * (32 random bytes, hex, file mode 0600) and read on every later start, so pseudonyms stay stable.
 */
export function resolvePseudonymKey(source: PseudonymKeySource): PseudonymKey {
  if (source.kind === 'configured') return source.key;
  try {
    return new PseudonymKey(Buffer.from(readFileSync(source.file, 'utf8').trim(), 'hex'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`cannot read the local pseudonym key ${source.file}: ${(error as Error).message}`, {
        cause: error,
      });
  }
  mkdirSync(path.dirname(source.file), { recursive: true });
  const hex = randomBytes(32).toString('hex');
  try {
    writeFileSync(source.file, `${hex}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolvePseudonymKey(source);
    throw error;
  }
  return new PseudonymKey(Buffer.from(hex, 'hex'));
}
