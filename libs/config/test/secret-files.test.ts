import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, kafkaFields, parseConfig, SECRET_VARIABLES, z } from '../src/index.js';

const schema = z.object({
  ...kafkaFields,
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  QDRANT_API_KEY: z.string().min(1).optional(),
});

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'secret-files-'));
  for (const name of SECRET_VARIABLES) await writeFile(file(name), `${name.toLowerCase()}-from-file\n`);
  await writeFile(file('empty'), '');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  assert.fail('expected a ConfigError');
}

test('every secret variable is read from its _FILE, without the trailing newline', () => {
  const env = Object.fromEntries(SECRET_VARIABLES.map((name) => [`${name}_FILE`, file(name)]));
  const config = parseConfig(schema, env);
  for (const name of SECRET_VARIABLES) assert.equal(config[name], `${name.toLowerCase()}-from-file`, name);
});

test('a variable and its _FILE together are refused, naming both', () => {
  const problems = problemsOf(() =>
    parseConfig(schema, { KAFKA_SASL_PASSWORD: 'inline', KAFKA_SASL_PASSWORD_FILE: file('KAFKA_SASL_PASSWORD') }),
  );
  assert.deepEqual(problems, [
    'KAFKA_SASL_PASSWORD_FILE: set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both ' +
      '(KAFKA_SASL_PASSWORD is also set)',
  ]);
});

test('an unreadable secret file is named with the reason, together with the other problems', () => {
  const problems = problemsOf(() =>
    parseConfig(schema, { CLICKHOUSE_PASSWORD_FILE: file('missing'), KAFKA_BROKERS: 'no port' }),
  );
  assert.equal(problems.length, 2);
  assert.match(problems[0] ?? '', /^CLICKHOUSE_PASSWORD_FILE: cannot read the file \(ENOENT\)/);
  assert.match(problems[1] ?? '', /^KAFKA_BROKERS: /);
});

test('a secret that fails its schema is named, its value never shown', () => {
  const problems = problemsOf(() => parseConfig(schema, { QDRANT_API_KEY_FILE: file('empty') }));
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? '', /^QDRANT_API_KEY: .*\(the value is never shown\)$/);
  const inline = problemsOf(() => parseConfig(schema, { QDRANT_API_KEY: '' }));
  assert.match(inline[0] ?? '', /the value is never shown/);
});

test("only the schema's own secret files are read: an unreadable file of a secret it lacks is no problem", () => {
  const kafkaOnly = z.object({ ...kafkaFields }).superRefine(() => undefined);
  const unrelated = { CLICKHOUSE_PASSWORD_FILE: file('missing'), QDRANT_API_KEY_FILE: file('missing') };
  const config = parseConfig(kafkaOnly, { ...unrelated, KAFKA_SASL_PASSWORD_FILE: file('KAFKA_SASL_PASSWORD') });
  assert.equal(config.KAFKA_SASL_PASSWORD, 'kafka_sasl_password-from-file', 'its own secret file is still read');
  const both = { CLICKHOUSE_PASSWORD: 'inline', CLICKHOUSE_PASSWORD_FILE: file('CLICKHOUSE_PASSWORD') };
  assert.doesNotThrow(() => parseConfig(kafkaOnly, both), 'both set on a secret it lacks: not its concern');

  const piped = z.object({ CLICKHOUSE_PASSWORD: z.string().default('') }).transform((values) => values);
  assert.match(problemsOf(() => parseConfig(piped, unrelated))[0] ?? '', /^CLICKHOUSE_PASSWORD_FILE: cannot read/);
  assert.match(problemsOf(() => parseConfig(piped, both))[0] ?? '', /not both/, 'both set on its own secret: refused');
  assert.deepEqual(parseConfig(piped, { CLICKHOUSE_PASSWORD_FILE: file('CLICKHOUSE_PASSWORD') }), {
    CLICKHOUSE_PASSWORD: 'clickhouse_password-from-file',
  });
});
