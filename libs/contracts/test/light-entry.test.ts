import { expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const probe = fileURLToPath(new URL('../../../../scripts/loaded-packages.mjs', import.meta.url));
const packagesLoadedBy = (moduleUrl: string): string[] =>
  JSON.parse(execFileSync(process.execPath, [probe, moduleUrl], { encoding: 'utf8' }));
const entry = (name: string) => new URL(`../src/${name}.js`, import.meta.url).href;

test('the messages entry loads neither Nest nor rxjs (the CLI and event validation start on it)', () => {
  const loaded = packagesLoadedBy(entry('messages'));
  expect(loaded).toContain('@grpc/grpc-js');
  expect(loaded.filter((name) => name.startsWith('@nestjs/') || name === 'rxjs')).toEqual([]);
});

test('the main entry still carries the Nest controller decorators', async () => {
  expect(packagesLoadedBy(entry('index'))).toContain('@nestjs/microservices');
  const contracts = await import('../src/index.js');
  expect(typeof contracts.CollectorControllerMethods).toBe('function');
  expect(typeof contracts.CollectorClient).toBe('function');
});
