import { afterAll, beforeAll, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allTopicNames } from '../src/index.js';

/** The k8s Job's (and compose's kafka-init's) script, run against a stand-in for the Kafka CLI. */
const script = fileURLToPath(new URL('../../../../k8s/base/topic-init/create-topics.sh', import.meta.url));
let bin: string;

beforeAll(async () => {
  bin = await mkdtemp(path.join(tmpdir(), 'topic-init-'));
  // Answers every call; records each topic it is asked to create.
  await writeFile(
    path.join(bin, 'kafka-topics.sh'),
    '#!/bin/sh\nwhile [ $# -gt 0 ]; do\n  if [ "$1" = --create ]; then create=1; fi\n' +
      '  if [ "$1" = --topic ] && [ -n "${create:-}" ]; then echo "$2" >>"$TMPDIR/created"; fi\n  shift\ndone\n',
  );
  await chmod(path.join(bin, 'kafka-topics.sh'), 0o755);
});

afterAll(() => rm(bin, { recursive: true, force: true }));

async function createdFor(
  tenant: string | undefined,
  extra: Record<string, string> = {},
): Promise<{ status: number | null; topics: string[]; clientConfig: string }> {
  const scratch = await mkdtemp(path.join(bin, 'run-'));
  const result = spawnSync('sh', [script], {
    env: {
      PATH: process.env.PATH ?? '',
      KAFKA_BIN: bin,
      KAFKA_BROKERS: 'k:9092',
      TMPDIR: scratch,
      ...(tenant === undefined ? {} : { TENANT_ID: tenant }),
      ...extra,
    },
    encoding: 'utf8',
  });
  const created = await readFile(path.join(scratch, 'created'), 'utf8').catch(() => '');
  const clientConfig = await readFile(path.join(scratch, 'kafka-topic-init.properties'), 'utf8').catch(() => '');
  return { status: result.status, topics: created.split('\n').filter(Boolean).sort(), clientConfig };
}

const names = (prefix: string) =>
  allTopicNames(prefix)
    .map((t) => t.name)
    .sort();

test("topic-init creates exactly the registry's topics, with the tenant's prefix for a named tenant", async () => {
  for (const [tenant, prefix] of [
    [undefined, ''],
    ['default', ''],
    ['shop-a', 'shop-a.'],
  ] as const) {
    const { status, topics } = await createdFor(tenant);
    assert.deepEqual({ status, topics }, { status: 0, topics: names(prefix) }, tenant);
  }
});

test('topic-init refuses a tenant id the services would refuse, before creating anything', async () => {
  for (const bad of ['Shop-A', 'shop_a', 'shop.a', '-a', 'x'.repeat(31)]) {
    const { status, topics } = await createdFor(bad);
    assert.deepEqual({ status, topics }, { status: 2, topics: [] }, bad);
  }
});

test("topic-init logs in with the cell's topic user read from secret files, and refuses a login set twice", async () => {
  await writeFile(path.join(bin, 'username'), 'shop-a-topics\n');
  await writeFile(path.join(bin, 'password'), 'pw-from-file\n');
  const files = {
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME_FILE: path.join(bin, 'username'),
    KAFKA_SASL_PASSWORD_FILE: path.join(bin, 'password'),
  };
  const fromFiles = await createdFor('shop-a', files);
  assert.equal(fromFiles.status, 0);
  assert.match(fromFiles.clientConfig, / required username="shop-a-topics" password="pw-from-file";\n/);
  const twice = await createdFor('shop-a', { ...files, KAFKA_SASL_PASSWORD: 'inline' });
  assert.deepEqual({ status: twice.status, topics: twice.topics }, { status: 2, topics: [] });
  const unreadable = await createdFor('shop-a', { ...files, KAFKA_SASL_PASSWORD_FILE: path.join(bin, 'missing') });
  assert.deepEqual({ status: unreadable.status, topics: unreadable.topics }, { status: 2, topics: [] });
});

test("topic-init trusts KAFKA_SSL_CA_FILE's CA as a PEM trust store, and refuses it without TLS or unreadable, as the services do", async () => {
  const ca = path.join(bin, 'ca.crt');
  await writeFile(ca, '-----BEGIN CERTIFICATE-----\n');
  const login = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };
  const trusted = await createdFor(undefined, { ...login, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: ca });
  assert.equal(trusted.status, 0);
  assert.match(trusted.clientConfig, /^security\.protocol=SASL_SSL$/m);
  assert.match(trusted.clientConfig, /^ssl\.truststore\.type=PEM\nssl\.truststore\.location=(.+)$/m);
  assert.equal(/^ssl\.truststore\.location=(.+)$/m.exec(trusted.clientConfig)?.[1], ca);
  const tlsOnly = await createdFor(undefined, { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: ca });
  assert.match(tlsOnly.clientConfig, /^security\.protocol=SSL\nssl\.truststore\.type=PEM\n/);
  assert.doesNotMatch((await createdFor(undefined, { KAFKA_SSL: 'true' })).clientConfig, /truststore/);
  for (const refused of <Record<string, string>[]>[
    { KAFKA_SSL_CA_FILE: ca },
    { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: path.join(bin, 'missing.crt') },
  ]) {
    const { status, topics } = await createdFor(undefined, refused);
    assert.deepEqual({ status, topics }, { status: 2, topics: [] }, JSON.stringify(refused));
  }
});
