import 'reflect-metadata';
import { expect, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Metadata } from '@grpc/grpc-js';
import { ServerGrpc } from '@nestjs/microservices';
import { EMPTY, of } from 'rxjs';
import { GrpcExceptionFilter } from '../src/index.js';
import type { GrpcTransport } from '../src/grpc-transport.js';
import { type UnaryMethod, unaryEvents } from './support/unary-events.js';

type MethodHandler = (request: unknown, metadata: Metadata) => unknown;

const answers: Record<string, () => MethodHandler> = {
  'a plain value': () => async () => ({ items: ['a'] }),
  'a value returned synchronously': () => () => ({ items: ['b'] }),
  undefined: () => async () => undefined,
  'of(x)': () => () => of({ items: ['c'] }),
  'a promise of of(x)': () => async () => of({ items: ['d'] }),
  "GrpcExceptionFilter's throwError": () => () => new GrpcExceptionFilter().catch(new Error('boom')),
  'a rejected handler': () => async () => Promise.reject(new Error('handler failed')),
  EMPTY: () => () => EMPTY,
};

/** The events of a call to the unary method `methodOf` builds for the handler giving the answer `name`. */
async function observe(methodOf: (transport: GrpcTransport) => (handler: MethodHandler) => UnaryMethod, name: string) {
  const handler = answers[name]?.();
  if (!handler) throw new Error(`no answer named ${name}`);
  Object.defineProperty(handler, 'name', { value: 'getThing' });
  return unaryEvents((transport) => methodOf(transport).call(transport, handler));
}

const nests = () => ServerGrpc.prototype.createUnaryServiceMethod as never;
const ours = (transport: GrpcTransport) => transport.createUnaryServiceMethod;

test.each(Object.keys(answers))("the unary method answers %s exactly as Nest's own does", async (name) => {
  const expected = await observe(nests, name);
  const actual = await observe(ours, name);
  expect(actual).toEqual(expected);
  const count = (kind: string) => actual.filter((event) => Array.isArray(event) && event[0] === kind).length;
  expect(count('start')).toBe(1);
  expect(count('end')).toBe(1);
});

test('the unary method is a copy of Nest 12.1.1; on any other version re-read its createUnaryServiceMethod', () => {
  const entry = createRequire(import.meta.url).resolve('@nestjs/microservices');
  const packageJson = path.join(entry.slice(0, entry.lastIndexOf('@nestjs/microservices')), '@nestjs/microservices');
  const { version } = JSON.parse(readFileSync(path.join(packageJson, 'package.json'), 'utf8')) as { version: string };
  assert.equal(
    version,
    '12.1.1',
    "GrpcTransport.createUnaryServiceMethod copies @nestjs/microservices 12.1.1's (server/server-grpc.js): " +
      'compare it with the installed version, then update this test',
  );
});
