import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const { safeLoad, safeLoadAll } = yaml;

/**
 * Renders a kustomization the way `kubectl kustomize` does, for the features this repository's
 * k8s/ uses: resources (files and directories), configMapGenerator (envs, literals, merge),
 * secretGenerator (literals, files), JSON 6902 patches with a target, and `$patch: delete`; the
 * fields that change no data (namespace, images, labels, replicas, generator options) are left out.
 * Anything else fails loudly, so a manifest test never passes on a feature it did not apply.
 */
export type Manifest = { kind: string; metadata: { name: string }; [field: string]: unknown };

interface Kustomization {
  resources?: string[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  patches?: { target?: { kind?: string; name?: string }; patch?: string; path?: string }[];
}

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  envs?: string[];
  literals?: string[];
  files?: string[];
}

const RENDERED = ['apiVersion', 'kind', 'resources', 'configMapGenerator', 'secretGenerator', 'patches'];
const LEFT_OUT = ['namespace', 'images', 'labels', 'replicas'];
const GENERATOR_FIELDS = ['name', 'behavior', 'envs', 'literals', 'files', 'options', 'type'];

function onlyKnown(fields: object, known: readonly string[], what: string): void {
  const unknown = Object.keys(fields).filter((field) => !known.includes(field));
  assert.deepEqual(unknown, [], `${what}: fields kustomize-lite does not render`);
}

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

export function renderKustomization(dir: string): Manifest[] {
  const kustomization = safeLoad(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  onlyKnown(kustomization, [...RENDERED, ...LEFT_OUT], dir);
  const docs: Manifest[] = [];
  for (const resource of kustomization.resources ?? []) {
    const location = path.join(dir, resource);
    if (statSync(location).isDirectory()) docs.push(...renderKustomization(location));
    else docs.push(...(safeLoadAll(readFileSync(location, 'utf8')) as Manifest[]).filter(Boolean));
  }
  for (const generator of kustomization.configMapGenerator ?? []) generate(docs, 'ConfigMap', generator, dir);
  for (const generator of kustomization.secretGenerator ?? []) generate(docs, 'Secret', generator, dir);
  for (const patch of kustomization.patches ?? []) {
    assert.ok(patch.patch !== undefined && patch.path === undefined, `${dir}: only inline patches are rendered`);
    if (patch.target === undefined) {
      const remove = safeLoad(patch.patch) as Manifest & { $patch?: string };
      assert.equal(remove.$patch, 'delete', `${dir}: a patch without a target must be a $patch: delete`);
      const at = docs.findIndex((d) => d.kind === remove.kind && d.metadata.name === remove.metadata.name);
      assert.ok(at >= 0, `${dir}: nothing to delete for ${remove.kind}/${remove.metadata.name}`);
      docs.splice(at, 1);
      continue;
    }
    const { kind, name } = patch.target;
    const matches = docs.filter(
      (d) =>
        (kind === undefined || d.kind === kind) &&
        (name === undefined || new RegExp(`^(?:${name})$`).test(d.metadata.name)),
    );
    assert.ok(matches.length > 0, `${dir}: patch target ${kind}/${name} matches nothing`);
    const operations = safeLoad(patch.patch) as Operation[];
    assert.ok(Array.isArray(operations), `${dir}: a patch with a target must be a JSON 6902 list of operations`);
    for (const doc of matches) for (const operation of operations) apply(doc, operation);
  }
  return docs;
}

function generate(docs: Manifest[], kind: 'ConfigMap' | 'Secret', generator: Generator, dir: string): void {
  onlyKnown(generator, GENERATOR_FIELDS, `${dir}: ${kind} ${generator.name}`);
  const data: Record<string, string> = {};
  for (const file of generator.files ?? []) {
    const [key, source = key] = file.split('=') as [string, string?];
    data[path.basename(key)] = readFileSync(path.join(dir, source), 'utf8');
  }
  const lines = [
    ...(generator.envs ?? []).flatMap((file) => readFileSync(path.join(dir, file), 'utf8').split('\n')),
    ...(generator.literals ?? []),
  ];
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    data[line.slice(0, at)] = line.slice(at + 1);
  }
  const field = kind === 'ConfigMap' ? 'data' : 'stringData';
  const existing = docs.find((d) => d.kind === kind && d.metadata.name === generator.name);
  if (generator.behavior === 'merge' || generator.behavior === 'replace') {
    assert.ok(existing, `${dir}: no ${kind} ${generator.name} to ${generator.behavior}`);
    const before = generator.behavior === 'merge' ? (existing[field] as Record<string, string>) : {};
    existing[field] = { ...before, ...data };
  } else {
    docs.push({ apiVersion: 'v1', kind, metadata: { name: generator.name }, [field]: data });
  }
}

function apply(doc: Manifest, { op, path: pointer, value }: Operation): void {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = keys.pop() as string;
  let parent: unknown = doc;
  for (const key of keys) {
    parent = (parent as Record<string, unknown>)[key];
    assert.ok(parent !== undefined && parent !== null, `${doc.metadata.name}: ${pointer} does not exist`);
  }
  const record = parent as Record<string, unknown>;
  const list = Array.isArray(parent) ? (parent as unknown[]) : undefined;
  const index = list === undefined ? -1 : last === '-' ? list.length : Number(last);
  if (op === 'test') {
    assert.deepEqual(record[last], value, `${doc.metadata.name}: test of ${pointer} failed`);
  } else if (op === 'add') {
    if (list) list.splice(index, 0, structuredClone(value));
    else record[last] = structuredClone(value);
  } else {
    assert.ok(last in record, `${doc.metadata.name}: ${pointer} does not exist`);
    if (op === 'replace') record[last] = structuredClone(value);
    else if (list) list.splice(index, 1);
    else delete record[last];
  }
}
