import { expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const probe = fileURLToPath(new URL('../../../../scripts/loaded-packages.mjs', import.meta.url));

// Nest (≈ 0.6 s of CPU to load) is for the services; `import` and the one-call commands start without it.
test.each(['import', 'run-cli'])('the CLI module %s loads no Nest', (name) => {
  const url = new URL(`../src/${name}.js`, import.meta.url).href;
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, [probe, url], { encoding: 'utf8' }));
  expect(loaded).toContain('@grpc/grpc-js');
  expect(loaded.filter((pkg) => pkg.startsWith('@nestjs/'))).toEqual([]);
});
