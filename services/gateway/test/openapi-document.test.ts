import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { protoFiles, protoRoot } from '@demand/contracts';
import { loadProtoRoot } from '../src/adapters/proto-root.adapter.js';
import { openApiDocument } from '../src/openapi/openapi-document.js';
import { upstreamApis } from '../src/upstreams.js';

type Schemas = Record<string, { properties?: Record<string, Record<string, unknown>>; enum?: string[] }>;

const document = openApiDocument(loadProtoRoot(), {
  title: 't',
  version: '1',
  services: upstreamApis.map((api) => api.name),
}) as { paths: Record<string, unknown>; components: { schemas: Schemas } };

test('every rpc of every proto service the gateway serves has a POST path', () => {
  const rpcs = protoFiles().flatMap((file) => {
    const source = readFileSync(path.join(protoRoot, file), 'utf8');
    const services = [...source.matchAll(/service (\w+) \{([\s\S]*?)\n\}/g)];
    return services.flatMap(([, service, body]) =>
      [...body!.matchAll(/rpc (\w+)\(/g)].map(([, rpc]) => `/api/demand.v1.${service}/${rpc}`),
    );
  });
  const served = rpcs.filter((p) => upstreamApis.some((api) => p.startsWith(`/api/${api.name}/`)));
  assert.ok(served.length >= 15, `${served.length} rpcs`);
  assert.deepEqual([...Object.keys(document.paths)].sort(), [...served].sort());
});

test('fields use proto3 JSON names and types: Timestamps as date-time, enums as names, maps as objects', () => {
  const schemas = document.components.schemas;
  const served = schemas['demand.v1.RecsServed']!.properties!;
  assert.deepEqual(served.servedAt, { type: 'string', format: 'date-time' });
  assert.deepEqual(served.modelVersions, { type: 'object', additionalProperties: { type: 'string' } });
  assert.deepEqual(served.itemIds, { type: 'array', items: { type: 'string' } });
  assert.deepEqual(schemas['demand.v1.DemandLevel']!.enum, [
    'DEMAND_LEVEL_UNSPECIFIED',
    'DEMAND_LEVEL_ITEM',
    'DEMAND_LEVEL_CATEGORY',
    'DEMAND_LEVEL_SHOP',
  ]);
  const request = schemas['demand.v1.ForecastDemandRequest']!.properties!;
  assert.equal(request.level!.$ref, '#/components/schemas/demand.v1.DemandLevel');
  assert.match(String(request.horizon!.description), /Points ahead/);
});
