// Jest runs each test file in its own V8 realm. Values made by Node itself (native addons,
// structuredClone) come from the host realm, whose constructors differ from the test's:
// `instanceof Float32Array` fails on onnxruntime's tensors and deepStrictEqual sees two
// prototypes. This environment shares the host's typed arrays with the tests and clones
// into the test's own realm, so code behaves as it does under plain Node.
import vm from 'node:vm';
import { TestEnvironment } from 'jest-environment-node';

const HOST_TYPED_ARRAYS = [
  'DataView',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'Uint8ClampedArray',
];

const REALM_CLONE = `(hostClone) => {
  const tag = (value) => Object.prototype.toString.call(value);
  const adopt = (value) => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return Array.from(value, adopt);
    switch (tag(value)) {
      case '[object Object]': {
        const prototype = Object.getPrototypeOf(value);
        if (prototype !== null && Object.getPrototypeOf(prototype) !== null) return value;
        const out = prototype === null ? Object.create(null) : {};
        for (const key of Object.keys(value)) out[key] = adopt(value[key]);
        return out;
      }
      case '[object Date]': return new Date(value.getTime());
      case '[object Map]': return new Map(Array.from(value, ([k, v]) => [adopt(k), adopt(v)]));
      case '[object Set]': return new Set(Array.from(value, adopt));
      default: return value;
    }
  };
  return function structuredClone(value, options) { return adopt(hostClone(value, options)); };
}`;

export default class PlatformTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of HOST_TYPED_ARRAYS) this.global[name] = globalThis[name];
    this.global.structuredClone = vm.runInContext(REALM_CLONE, this.getVmContext())(globalThis.structuredClone);
  }
}
