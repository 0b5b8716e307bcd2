import { describe, expect, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HIDDEN_VARIABLES } from '../src/index.js';
import { renderKustomization } from './support/kustomize-lite.js';
import { type PodSpec, podOf, secretAt, workloads } from './support/pods.js';

/** Every tenant cell (k8s/overlays/tenant-*) must log in to the shared infrastructure as itself. */
const overlays = fileURLToPath(new URL('../../../../k8s/overlays/', import.meta.url));
const cells = readdirSync(overlays).filter((name) => name.startsWith('tenant-'));

const KAFKA = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];
const CLICKHOUSE = ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD'];
/** Deployments that reach Kafka alone (the gateway reads consumer lag). */
const KAFKA_ONLY = new Set(['gateway']);
/** Values that must never be written in an overlay (user names may be). */
const PASSWORDS = [...HIDDEN_VARIABLES].filter((name) => !/_USER(NAME)?$/.test(name));
/** Deployments that reach Qdrant. */
const QDRANT_CLIENTS = new Set(['embedder', 'recommender']);

/** The Secret and key a container reads `<variable>_FILE` from; fails when it reads it some other way. */
function secretFileOf(pod: PodSpec, variable: string): { secret: string; key: string } {
  const file = pod.containers[0]?.env?.find((e) => e.name === `${variable}_FILE`)?.value;
  assert.ok(file, `no ${variable}_FILE`);
  return secretAt(pod, file);
}

test('there is at least one tenant cell overlay to check', () => {
  expect(cells.length).toBeGreaterThan(0);
});

describe.each(cells)('%s', (cell) => {
  const docs = renderKustomization(path.join(overlays, cell));
  const config = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'demand-config')?.data as
    | Record<string, string>
    | undefined;
  const tenant = config?.TENANT_ID ?? '';
  const ownSecret = `${tenant}-credentials`;

  test('its TENANT_ID is the one its directory names', () => {
    assert.equal(`tenant-${tenant}`, cell);
  });

  test("every service reads Kafka and ClickHouse credentials (Qdrant's where it uses it) from the cell's Secret", () => {
    const services = docs.filter((d) => d.kind === 'Deployment');
    assert.ok(services.length >= 8, `only ${services.length} services rendered`);
    for (const service of services) {
      const name = service.metadata.name;
      const needed = KAFKA_ONLY.has(name)
        ? KAFKA
        : [...KAFKA, ...CLICKHOUSE, ...(QDRANT_CLIENTS.has(name) ? ['QDRANT_API_KEY'] : [])];
      for (const variable of needed) {
        assert.deepEqual(secretFileOf(podOf(service), variable), { secret: ownSecret, key: variable }, name);
      }
    }
  });

  test("the topic Job logs in as the cell's topic user, and KEDA as the cell's service user", () => {
    const job = docs.find((d) => d.kind === 'Job' && d.metadata.name === 'kafka-topic-init');
    assert.ok(job);
    for (const variable of KAFKA) {
      assert.deepEqual(secretFileOf(podOf(job), variable), { secret: ownSecret, key: `TOPICS_${variable}` });
    }
    const auth = docs.find((d) => d.kind === 'TriggerAuthentication');
    assert.ok(auth);
    const refs = (auth.spec as { secretTargetRef: { parameter: string; name: string; key: string }[] }).secretTargetRef;
    assert.deepEqual(
      refs.filter((r) => r.parameter !== 'ca').map((r) => [r.name, r.key]),
      KAFKA.map((key) => [ownSecret, key]),
    );
  });

  test('its ConfigMap sets no credential (a service given one there and in a file refuses to start)', () => {
    assert.deepEqual(
      Object.keys(config ?? {}).filter((key) => HIDDEN_VARIABLES.has(key)),
      [],
    );
  });

  test("no workload mounts another cell's credentials", () => {
    for (const workload of workloads(docs)) {
      const secrets = (podOf(workload).volumes ?? []).flatMap((v) => (v.secret ? [v.secret.secretName] : []));
      const foreign = secrets.filter((s) => s.endsWith('-credentials') && s !== ownSecret);
      assert.deepEqual(foreign, [], workload.metadata.name);
    }
  });
});

describe.each(['production', ...cells])('%s holds no password or key', (overlay) => {
  const docs = renderKustomization(path.join(overlays, overlay));

  test('no Secret with values, no credential in the ConfigMap or in a container env', () => {
    assert.deepEqual(
      docs.filter((d) => d.kind === 'Secret').map((d) => d.metadata.name),
      [],
    );
    const config = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'demand-config');
    const literal = Object.keys(config?.data ?? {}).filter((key) => PASSWORDS.includes(key));
    assert.deepEqual(literal, []);
    for (const workload of workloads(docs)) {
      for (const container of podOf(workload).containers) {
        const inline = (container.env ?? []).filter((e) => PASSWORDS.includes(e.name) && e.value !== undefined);
        assert.deepEqual(
          inline.map((e) => e.name),
          [],
          workload.metadata.name,
        );
      }
    }
  });
});
