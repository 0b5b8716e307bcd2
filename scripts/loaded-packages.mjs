// Imports a module and prints, as JSON, the npm packages resolved on the way (ESM and CommonJS alike, through a
// synchronous resolve hook): for tests that keep a start-up path light (e.g. no Nest in the CLI).
//   node scripts/loaded-packages.mjs MODULE_URL
import { registerHooks } from 'node:module';

const packages = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    const name = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(resolved.url)?.[1];
    if (name) packages.add(name);
    return resolved;
  },
});
await import(process.argv[2]);
console.log(JSON.stringify([...packages]));
