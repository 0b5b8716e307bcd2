import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from '@jest/globals';
import {
  checksumOf,
  orderedMigrations,
  readMigrationDirectory,
  splitStatements,
} from '../src/migrations/migration-files.js';

function directoryWith(files: Record<string, string>): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'analytics-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(directory, name), text);
  return directory;
}

test('statements end at a semicolon at the end of a line; comments and blank pieces are dropped', () => {
  const sql = [
    '-- the events table; one row per event',
    "CREATE TABLE IF NOT EXISTS events (id String, note String DEFAULT 'a;b')",
    'ENGINE = MergeTree ORDER BY id;',
    '',
    '-- only a comment here;',
    'CREATE VIEW v AS SELECT 1;   ',
    '   ',
    'ALTER TABLE events ADD COLUMN IF NOT EXISTS x UInt8',
  ].join('\r\n');
  assert.deepEqual(splitStatements(sql), [
    "-- the events table; one row per event\nCREATE TABLE IF NOT EXISTS events (id String, note String DEFAULT 'a;b')\nENGINE = MergeTree ORDER BY id",
    '-- only a comment here;\nCREATE VIEW v AS SELECT 1',
    'ALTER TABLE events ADD COLUMN IF NOT EXISTS x UInt8',
  ]);
  assert.deepEqual(splitStatements('-- nothing;\n\n'), []);
});

test('migrations are ordered by version and must run 1, 2, 3… with no duplicate or gap', () => {
  const sql = 'SELECT 1';
  const ordered = orderedMigrations('svc', [
    { version: 2, name: 'b', sql },
    { version: 1, name: 'a', sql },
  ]);
  assert.deepEqual(
    ordered.map((m) => m.version),
    [1, 2],
  );
  assert.throws(
    () =>
      orderedMigrations('svc', [
        { version: 1, name: 'a', sql },
        { version: 1, name: 'again', sql },
      ]),
    /migrations of svc are not in order:\n- version 1 is used twice \(a, again\)/,
  );
  assert.throws(
    () =>
      orderedMigrations('svc', [
        { version: 1, name: 'a', sql },
        { version: 3, name: 'c', sql },
      ]),
    /version 2 is missing \(next is 3, c\)/,
  );
  assert.throws(() => orderedMigrations('svc', [{ version: 2, name: 'b', sql }]), /version 1 is missing/);
  assert.throws(
    () => orderedMigrations('svc', [{ version: 1, name: 'empty', sql: '-- nothing yet\n' }]),
    /migration 001_empty holds no statement/,
  );
  assert.deepEqual(orderedMigrations('svc', []), []);
});

test('a directory yields its NNN_description.sql files; other .sql names are refused', async () => {
  const good = directoryWith({
    '002_daily.sql': 'SELECT 2;',
    '001_events.sql': 'SELECT 1;',
    'README.md': 'not a migration',
  });
  const bad = directoryWith({ '001_events.sql': 'SELECT 1;', 'events.sql': 'SELECT 1;' });
  try {
    const migrations = await readMigrationDirectory(good);
    assert.deepEqual(
      migrations.map((m) => [m.version, m.name, m.sql]),
      [
        [1, 'events', 'SELECT 1;'],
        [2, 'daily', 'SELECT 2;'],
      ],
    );
    await assert.rejects(readMigrationDirectory(bad), /must be named NNN_description\.sql; these are not: events\.sql/);
    await assert.rejects(
      readMigrationDirectory(path.join(good, 'missing')),
      /cannot read migrations directory .*missing/,
    );
  } finally {
    rmSync(good, { recursive: true, force: true });
    rmSync(bad, { recursive: true, force: true });
  }
});

test('the checksum ignores line endings and trailing whitespace but sees any other change', () => {
  assert.equal(checksumOf('SELECT 1;\nSELECT 2;\n'), checksumOf('SELECT 1;\r\nSELECT 2;\r\n  '));
  assert.notEqual(checksumOf('SELECT 1;'), checksumOf('SELECT 2;'));
  assert.match(checksumOf('x'), /^[0-9a-f]{64}$/);
});
