// Build step of the gateway, run after `tsc -b`: writes dist/openapi.json from the protos (through the
// compiled generator, so the description always matches what the gateway serves) and bundles the web
// console with esbuild into dist/console (no CDN: preact and uPlot are bundled in).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { loadProtoRoot } from '../dist/src/adapters/proto-root.adapter.js';
import { openApiDocument } from '../dist/src/openapi/openapi-document.js';
import { upstreamApis } from '../dist/src/upstreams.js';

const gateway = path.resolve(import.meta.dirname, '..');
const dist = path.join(gateway, 'dist');
const { version } = (await import('../package.json', { with: { type: 'json' } })).default;

const document = openApiDocument(loadProtoRoot(), {
  title: 'Demand Mining Platform HTTP/JSON API',
  version,
  services: upstreamApis.map((api) => api.name),
});
writeFileSync(path.join(dist, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);

const consoleOut = path.join(dist, 'console');
mkdirSync(consoleOut, { recursive: true });
await build({
  entryPoints: [path.join(gateway, 'console/main.tsx')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outfile: path.join(consoleOut, 'app.js'),
  logLevel: 'warning',
});
copyFileSync(path.join(gateway, 'console/index.html'), path.join(consoleOut, 'index.html'));
console.log(`gateway: ${Object.keys(document.paths).length} API paths in dist/openapi.json, console in dist/console`);
