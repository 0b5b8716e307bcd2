import type { Random } from '../random/random.js';

/** What one adversarial input is, for reports. */
export type FuzzInputKind =
  | 'empty'
  | 'random-bytes'
  | 'truncated'
  | 'wrong-wire-types'
  | 'invalid-utf8'
  | 'boundary-numbers'
  | 'deep-nesting'
  | 'huge-string'
  | 'huge-length-claim';

export interface FuzzInput {
  kind: FuzzInputKind;
  bytes: Buffer;
}

export const FUZZ_INPUT_KINDS: readonly FuzzInputKind[] = [
  'empty',
  'random-bytes',
  'truncated',
  'wrong-wire-types',
  'invalid-utf8',
  'boundary-numbers',
  'deep-nesting',
  'huge-string',
  'huge-length-claim',
];

function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const tag = (field: number, wireType: number) => varint(BigInt((field << 3) | wireType));

function lengthDelimited(field: number, body: readonly number[] | Buffer): number[] {
  return [...tag(field, 2), ...varint(BigInt(body.length)), ...body];
}

const BOUNDARY_VALUES = [
  0n,
  1n,
  -1n,
  2n ** 31n - 1n,
  -(2n ** 31n),
  2n ** 32n - 1n,
  2n ** 53n + 1n,
  2n ** 63n - 1n,
  2n ** 64n - 1n,
];

/**
 * Protobuf-level adversarial bytes for any message type: every decoder must turn each one
 * into a clear refusal (or a valid message with defaults), never a crash or a hang. The
 * field numbers 1-20 cover every message of the contracts.
 */
export function adversarialInput(kind: FuzzInputKind, random: Random): FuzzInput {
  const field = () => random.int(1, 20);
  const bytes = (n: number) => Array.from({ length: n }, () => random.int(0, 255));
  switch (kind) {
    case 'empty':
      return { kind, bytes: Buffer.alloc(0) };
    case 'random-bytes':
      return { kind, bytes: Buffer.from(bytes(random.int(1, 512))) };
    case 'truncated':
      // A length-delimited field cut short, then a varint with its continuation bit set and nothing after.
      return { kind, bytes: Buffer.from([...tag(field(), 2), 50, 1, 2, 3, ...tag(field(), 0), 0xff, 0xff]) };
    case 'wrong-wire-types':
      return {
        kind,
        bytes: Buffer.from(
          Array.from({ length: 8 }, () => [...tag(field(), random.int(0, 5)), ...bytes(random.int(0, 8))]).flat(),
        ),
      };
    case 'invalid-utf8':
      return {
        kind,
        bytes: Buffer.from(
          [1, 2, 3, 4].flatMap((f) => lengthDelimited(f, [0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xf4, 0x90])),
        ),
      };
    case 'boundary-numbers':
      return {
        kind,
        bytes: Buffer.from(
          BOUNDARY_VALUES.flatMap((v, i) => [
            ...tag((i % 20) + 1, 0),
            ...varint(v),
            ...tag(((i + 7) % 20) + 1, 1),
            ...bytes(8).map(() => 0xff),
          ]),
        ),
      };
    case 'deep-nesting': {
      let body: number[] = lengthDelimited(1, Buffer.from('x'));
      for (let depth = 0; depth < 2_000; depth++) body = lengthDelimited(field(), body);
      return { kind, bytes: Buffer.from(body) };
    }
    case 'huge-string':
      return { kind, bytes: Buffer.from(lengthDelimited(field(), Buffer.alloc(2 * 1024 * 1024, 0x61))) };
    case 'huge-length-claim':
      return { kind, bytes: Buffer.from([...tag(field(), 2), ...varint(2n ** 62n), 1, 2, 3]) };
  }
}

/** `count` inputs cycling through every kind, so even a short run tries each. */
export function adversarialInputs(count: number, random: Random): FuzzInput[] {
  return Array.from({ length: count }, (_, i) =>
    adversarialInput(FUZZ_INPUT_KINDS[i % FUZZ_INPUT_KINDS.length]!, random),
  );
}
