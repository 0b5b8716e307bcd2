import assert from 'node:assert/strict';
import path from 'node:path';
import type { Manifest } from './kustomize-lite.js';

export interface Container {
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
export interface PodSpec {
  containers: Container[];
  volumes?: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] } }[];
}

export const podOf = (workload: Manifest) => (workload.spec as { template: { spec: PodSpec } }).template.spec;
export const workloads = (docs: Manifest[]) => docs.filter((d) => d.kind === 'Deployment' || d.kind === 'Job');

/** The Secret and key the first container finds at `file`; fails when the file is on no mounted Secret. */
export function secretAt(pod: PodSpec, file: string): { secret: string; key: string } {
  const mount = pod.containers[0]?.volumeMounts?.find((m) => file.startsWith(`${m.mountPath}/`));
  assert.ok(mount, `${file} is on no mounted volume`);
  const volume = pod.volumes?.find((v) => v.name === mount.name);
  assert.ok(volume?.secret, `${file} is not on a Secret volume`);
  const name = path.posix.relative(mount.mountPath, file);
  const items = volume.secret.items;
  return { secret: volume.secret.secretName, key: items ? (items.find((i) => i.path === name)?.key ?? '') : name };
}
