import { expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';

// Imports a module in a fresh Node process and answers the npm packages it resolved on the way
// (ESM and CommonJS alike, through a synchronous resolve hook).
function packagesLoadedBy(moduleUrl: string): string[] {
  const probe = `
    import { registerHooks } from 'node:module';
    const urls = [];
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); urls.push(r.url); return r; } });
    await import(${JSON.stringify(moduleUrl)});
    console.log(JSON.stringify(urls));`;
  const urls: string[] = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' }),
  );
  const names = urls.flatMap((url) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? []);
  return [...new Set(names)];
}

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
