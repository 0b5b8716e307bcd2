import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const replaced = new Set<string>();

/**
 * Replaces a method on the prototype of a kafkajs-internal class (once per process), for the
 * workarounds of kafkajs 2.2.4 bugs; fails loudly when a kafkajs update moved the method.
 */
export function replaceKafkaJsMethod<T, A extends unknown[], R>(
  modulePath: string,
  method: string,
  replacement: (original: (this: T, ...args: A) => R) => (this: T, ...args: A) => R,
  reviewFile: string,
): void {
  const id = `${modulePath}#${method}`;
  if (replaced.has(id)) return;
  const prototype = (require(modulePath) as { prototype: Record<string, unknown> }).prototype;
  const original = prototype[method];
  if (typeof original !== 'function')
    throw new Error(`kafkajs internals changed: ${method} not found in ${modulePath}; review ${reviewFile}`);
  prototype[method] = replacement(original as (this: T, ...args: A) => R);
  replaced.add(id);
}
