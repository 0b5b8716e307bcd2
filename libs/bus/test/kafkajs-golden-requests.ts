// Small produce requests encoded by a given copy of kafkajs, for golden-byte tests of the patched encoder.
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';

/** Loads a module of one copy of kafkajs by its path under `src/`. */
export type KafkajsLoader = (file: string) => unknown;

/** CRC-32C (Castagnoli, reflected) a bit at a time, as the Kafka spec defines a record batch's checksum. */
export function referenceCrc32C(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const NOW = 1_765_000_000_000;
const CLIENT_ID = 'golden';
const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', n: ['1', '2'] };
const messages = [
  { key: 'user-1', value: Buffer.from('first value'), headers, timestamp: NOW - 5 },
  { key: null, value: Buffer.from([0, 1, 2, 255]) },
  { key: 'user-2', value: Buffer.alloc(40, 'x'), headers: { 中文: '值' }, timestamp: NOW - 9 },
];
const GZIP = 1;

/**
 * The hex of three requests (produce v3 uncompressed, v3 gzip, v0) encoded with Date.now fixed. zlib's output may
 * differ between Node builds, so the gzip request is pinned as its framing (its four size-dependent fields checked,
 * then zeroed) and its records decompressed.
 */
export async function encodeGoldenRequests(load: KafkajsLoader): Promise<Record<string, string>> {
  const encodeRequest = load('protocol/request.js') as (r: object) => Promise<{ buffer: Buffer }>;
  const produce = (version: number) =>
    load(`protocol/requests/produce/v${version}/request.js`) as (r: object) => object;
  const encode = async (request: object) =>
    (await encodeRequest({ correlationId: 7, clientId: CLIENT_ID, request })).buffer;
  const dateNow = Date.now;
  Date.now = () => NOW;
  try {
    const v3 = await encode(
      produce(3)({
        acks: -1,
        timeout: 30_000,
        transactionalId: 'tx-1',
        producerId: 4242,
        producerEpoch: 7,
        topicData: [
          {
            topic: 'events.raw.v1',
            partitions: [
              { partition: 0, firstSequence: 3, messages },
              { partition: 5, firstSequence: 0, messages: messages.slice(1) },
            ],
          },
          { topic: 'texts.clean.v1', partitions: [{ partition: 2, messages: messages.slice(0, 1) }] },
        ],
      }),
    );
    const gzip = await encode(
      produce(3)({
        acks: 1,
        timeout: 1_000,
        compression: GZIP,
        producerId: 77,
        producerEpoch: 1,
        topicData: [{ topic: 'events.raw.v1', partitions: [{ partition: 1, firstSequence: 9, messages }] }],
      }),
    );
    const v0 = await encode(
      produce(0)({
        acks: 1,
        timeout: 1_000,
        topicData: [{ topic: 'events.raw.v1', partitions: [0, 3].map((partition) => ({ partition, messages })) }],
      }),
    );
    return { v3: v3.toString('hex'), ...gzipParts(gzip, 'events.raw.v1'), v0: v0.toString('hex') };
  } finally {
    Date.now = dateNow;
  }
}

/** A v3 request of one topic and one partition, its compressed record batch split into framing and records. */
function gzipParts(bytes: Buffer, topic: string): Record<string, string> {
  const batch = 4 + 2 + 2 + 4 + (2 + CLIENT_ID.length) + 2 + 2 + 4 + 4 + (2 + topic.length) + 4 + 4 + 4;
  const records = batch + 8 + 4 + 4 + 1 + 4 + 2 + 4 + 8 + 8 + 8 + 2 + 4 + 4;
  const framing = Buffer.from(bytes.subarray(0, records));
  const sizeFields = [
    [0, bytes.length - 4, 'request size'],
    [batch - 4, bytes.length - batch, 'record set size'],
    [batch + 8, bytes.length - batch - 12, 'batch length'],
    [batch + 17, referenceCrc32C(bytes.subarray(batch + 21)), 'CRC-32C'],
  ] as const;
  for (const [at, expected, name] of sizeFields) {
    assert.equal(framing.readUInt32BE(at), expected, name);
    framing.writeUInt32BE(0, at);
  }
  return {
    'v3 gzip framing': framing.toString('hex'),
    'v3 gzip records': gunzipSync(bytes.subarray(records)).toString('hex'),
  };
}
