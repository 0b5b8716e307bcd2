import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNN_description.sql`: the number orders the migration, the description names it. */
const MIGRATION_FILE_NAME = /^(\d+)_([A-Za-z0-9][\w.-]*)\.sql$/;

/** Reads every `NNN_description.sql` of `directory`; any other `.sql` file is an error. */
export async function readMigrationDirectory(directory: string): Promise<Migration[]> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    throw new Error(`cannot read migrations directory ${directory}: ${(error as Error).message}`, { cause: error });
  }
  const sqlFiles = entries.filter((entry) => entry.endsWith('.sql')).sort();
  const misnamed = sqlFiles.filter((file) => !MIGRATION_FILE_NAME.test(file));
  if (misnamed.length > 0) {
    throw new Error(
      `migrations in ${directory} must be named NNN_description.sql; these are not: ${misnamed.join(', ')}`,
    );
  }
  return Promise.all(
    sqlFiles.map(async (file) => {
      const [, number, name] = MIGRATION_FILE_NAME.exec(file)!;
      return { version: Number(number), name: name!, sql: await readFile(path.join(directory, file), 'utf8') };
    }),
  );
}

/**
 * The migrations in order, after checking that they number 1, 2, 3… with no number used
 * twice and none skipped, and that each holds at least one statement.
 */
export function orderedMigrations(owner: string, migrations: readonly Migration[]): Migration[] {
  const problems: string[] = [];
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of sorted) {
    if (!Number.isSafeInteger(migration.version) || migration.version < 1)
      problems.push(`version ${migration.version} of "${migration.name}" is not a positive integer`);
    if (typeof migration.name !== 'string' || migration.name.trim() === '')
      problems.push(`migration ${migration.version} has no name`);
    if (splitStatements(migration.sql).length === 0) problems.push(`migration ${label(migration)} holds no statement`);
  }
  const names = new Map<number, string>();
  for (const migration of sorted) {
    const earlier = names.get(migration.version);
    if (earlier === undefined) names.set(migration.version, migration.name);
    else problems.push(`version ${migration.version} is used twice (${earlier}, ${migration.name})`);
  }
  const versions = [...names.keys()];
  const gapAt = versions.findIndex((version, index) => version !== index + 1);
  if (gapAt >= 0) {
    problems.push(
      `version ${gapAt + 1} is missing (next is ${versions[gapAt]}, ${names.get(versions[gapAt]!)}): versions run 1, 2, 3… without gaps`,
    );
  }
  if (problems.length > 0) throw new Error(`migrations of ${owner} are not in order:\n- ${problems.join('\n- ')}`);
  return sorted;
}

/**
 * The statements of a migration: a `;` at the end of a line ends a statement (not one inside
 * a `--` comment line); whatever holds only comments and blank lines is dropped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  const finish = () => {
    const statement = current.join('\n').trim();
    if (statement.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')))
      statements.push(statement);
    current = [];
  };
  for (const line of sql.replace(/\r\n/g, '\n').split('\n')) {
    const trimmed = line.trimEnd();
    if (!trimmed.trimStart().startsWith('--') && trimmed.endsWith(';')) {
      current.push(trimmed.slice(0, -1));
      finish();
    } else {
      current.push(line);
    }
  }
  finish();
  return statements;
}

/** sha256 of the text, blind to line endings and trailing whitespace. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n').trimEnd()).digest('hex');
}

export function label(migration: Pick<Migration, 'version' | 'name'>): string {
  return `${String(migration.version).padStart(3, '0')}_${migration.name}`;
}
