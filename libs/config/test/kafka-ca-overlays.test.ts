import { describe, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderKustomization } from './support/kustomize-lite.js';
import { podOf, secretAt, workloads } from './support/pods.js';

/**
 * Every overlay that talks TLS to Kafka trusts the brokers' CA the same way everywhere: KAFKA_SSL_CA_FILE in the
 * shared ConfigMap, the file mounted from one Secret in every service and the topic Job, and KEDA given that CA.
 */
const overlays = fileURLToPath(new URL('../../../../k8s/overlays/', import.meta.url));
const tlsOverlays = ['production', ...readdirSync(overlays).filter((name) => name.startsWith('tenant-'))];
const CA = { secret: 'demand-kafka-ca', key: 'ca.crt' };

describe.each(tlsOverlays)('%s', (overlay) => {
  const docs = renderKustomization(path.join(overlays, overlay));
  const config = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'demand-config')?.data as
    | Record<string, string>
    | undefined;

  test('sets KAFKA_SSL_CA_FILE beside KAFKA_SSL=true (the services refuse the file without TLS)', () => {
    assert.equal(config?.KAFKA_SSL, 'true');
    assert.match(config?.KAFKA_SSL_CA_FILE ?? '', /^\/.+/);
  });

  test("every service and the topic Job read that ConfigMap and find the file on the CA's Secret", () => {
    const file = config?.KAFKA_SSL_CA_FILE ?? '';
    const readers = workloads(docs);
    assert.ok(readers.filter((w) => w.kind === 'Deployment').length >= 8, 'every service rendered');
    assert.ok(
      readers.some((w) => w.metadata.name === 'kafka-topic-init'),
      'the topic Job rendered',
    );
    for (const workload of readers) {
      const pod = podOf(workload);
      const sources = pod.containers[0]?.envFrom?.map((from) => from.configMapRef?.name);
      assert.ok(sources?.includes('demand-config'), `${workload.metadata.name} reads demand-config`);
      assert.deepEqual(secretAt(pod, file), CA, workload.metadata.name);
    }
  });

  test('KEDA reads lag over TLS trusting the same CA', () => {
    const auth = docs.find((d) => d.kind === 'TriggerAuthentication' && d.metadata.name === 'kafka-credentials');
    assert.ok(auth);
    const refs = (auth.spec as { secretTargetRef: { parameter: string; name: string; key: string }[] }).secretTargetRef;
    assert.deepEqual(
      refs.filter((r) => r.parameter === 'ca').map((r) => ({ secret: r.name, key: r.key })),
      [CA],
    );
    const scalers = docs.filter((d) => d.kind === 'ScaledObject');
    assert.ok(scalers.length > 0);
    for (const scaler of scalers) {
      const trigger = (scaler.spec as { triggers: { metadata: { tls?: string } }[] }).triggers[0];
      assert.equal(trigger?.metadata.tls, 'enable', scaler.metadata.name);
    }
  });
});
