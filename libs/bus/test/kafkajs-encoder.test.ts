// The producer path of kafkajs is patched (patches/kafkajs@2.2.4.patch): these pin its wire bytes.
import { jest, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { referenceCrc32C } from './kafkajs-golden-requests.js';

const require = createRequire(import.meta.url);
type EncoderLike = {
  buffer: Buffer;
  writeVarInt(v: number): EncoderLike;
  writeVarLong(v: number): EncoderLike;
  writeInt8(v: number): EncoderLike;
};
const Encoder = require('kafkajs/src/protocol/encoder.js') as new (size?: number) => EncoderLike;
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (buffer: Buffer) => { readVarInt(): number };
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (r: object) => EncoderLike;
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder.js') as (
  d: object,
  ctx: object,
) => {
  key: Buffer;
  value: Buffer;
  headers: Record<string, Buffer | Buffer[]>;
  offset: string;
  timestamp: string;
};

/** Kafka's varint: zigzag, then 7 bits a byte, low group first. */
function referenceVarint(value: bigint): number[] {
  let zigzag = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
  const bytes: number[] = [];
  while (zigzag >= 0x80n) {
    bytes.push(Number(zigzag & 0x7fn) | 0x80);
    zigzag >>= 7n;
  }
  return [...bytes, Number(zigzag)];
}

test('varints and varlongs are written byte for byte as Kafka defines them', () => {
  for (const v of [0, 1, -1, 63, -64, 64, -65, 8191, 8192, 2 ** 20, -(2 ** 20), 2 ** 31 - 1, -(2 ** 31)]) {
    assert.deepEqual([...new Encoder().writeVarInt(v).buffer], referenceVarint(BigInt(v)), `varint ${v}`);
  }
  for (const v of [0, -1, 300, 2 ** 33, -(2 ** 40), Number.MAX_SAFE_INTEGER]) {
    assert.deepEqual([...new Encoder().writeVarLong(v).buffer], referenceVarint(BigInt(v)), `varlong ${v}`);
  }
  const mixed = new Encoder(1).writeInt8(7).writeVarInt(300).writeVarLong(-2).writeInt8(9).buffer;
  assert.deepEqual(
    [...mixed],
    [7, ...referenceVarint(300n), ...referenceVarint(-2n), 9],
    'growing past the first buffer keeps what was written',
  );
});

test('a record with headers round-trips, and its length prefix counts exactly its bytes', () => {
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    bytes: Buffer.from([0, 255, 1]),
    中文: '值',
    twice: ['a', 'b'],
  };
  const bytes = encodeRecord({
    offsetDelta: 3,
    timestampDelta: 1500,
    key: Buffer.from('user-1'),
    value: Buffer.from('payload'),
    headers,
  }).buffer;
  const reader = new Decoder(bytes);
  assert.equal(reader.readVarInt(), bytes.length - referenceVarint(BigInt(bytes.length - 1)).length);
  const decoded = decodeRecord(reader, { firstOffset: '10', firstTimestamp: '1000', magicByte: 2 });
  assert.equal(decoded.key.toString(), 'user-1');
  assert.equal(decoded.value.toString(), 'payload');
  assert.equal(decoded.offset, '13');
  assert.equal(decoded.timestamp, '2500');
  assert.equal(decoded.headers.traceparent!.toString(), headers.traceparent);
  assert.deepEqual(decoded.headers.bytes, headers.bytes);
  assert.equal(decoded.headers['中文']!.toString(), '值');
  assert.deepEqual((decoded.headers.twice as Buffer[]).map(String), ['a', 'b']);
});

test('the record batch checksum (slicing-by-8 in the patch) is CRC-32C for every length and alignment', () => {
  const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;
  assert.equal(crc32C(Buffer.from('123456789')), 0xe3069283, 'the standard check value');
  assert.equal(crc32C(Buffer.alloc(0)), 0);
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  const pool = Buffer.from(Array.from({ length: 4096 }, next));
  for (let length = 0; length < 300; length += 1 + (length >> 4))
    for (const offset of [0, 1, 3, 7]) {
      const slice = pool.subarray(offset, offset + length);
      assert.equal(crc32C(slice), referenceCrc32C(slice), `${length} bytes at offset ${offset}`);
    }
});

type RecordDecoder = {
  offset: number;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readVarInt(): number;
  readInt64(): { toString(): string };
  readString(): string | null;
  readBytes(): Buffer;
};
const produceV3 = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (r: object) => object;
const encodeRequest = require('kafkajs/src/protocol/request.js') as (r: object) => Promise<EncoderLike>;

type GrowableEncoder = { offset: number; buf: Buffer };
const encoderPrototype = Encoder.prototype as unknown as {
  ensureAvailable(this: GrowableEncoder, length: number): void;
};

/** How many times `encode` grew an encoder (each growth copies what the encoder held). */
async function countGrowths(encode: () => Promise<unknown>): Promise<number> {
  const ensureAvailable = encoderPrototype.ensureAvailable;
  let growths = 0;
  encoderPrototype.ensureAvailable = function (length) {
    if (this.offset + length > this.buf.length) growths++;
    ensureAvailable.call(this, length);
  };
  try {
    await encode();
  } finally {
    encoderPrototype.ensureAvailable = ensureAvailable;
  }
  return growths;
}

test('a produce request has the layout and checksum Kafka defines, and no encoder grows', async () => {
  const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
  const value = (n: number) => Buffer.alloc(700 + n * 300, n);
  const now = 1_765_000_000_000;
  const topicData = [
    {
      topic: 'events.raw.v1',
      partitions: [0, 5].map((partition) => ({
        partition,
        firstSequence: 100 + partition,
        messages: [2, 0, 1].map((m) => ({ key: `user-${m}`, value: value(m), headers, timestamp: 1000 + m })),
      })),
    },
    {
      topic: 'texts.clean.v1',
      partitions: [{ partition: 2, firstSequence: 0, messages: [{ key: null, value: Buffer.from('x'), headers: {} }] }],
    },
  ];
  const producer = { producerId: 4242, producerEpoch: 7 };
  const dateNow = jest.spyOn(Date, 'now').mockReturnValue(now);
  try {
    for (const transactionalId of [null, 'tx-1']) {
      const request = produceV3({ acks: -1, timeout: 30_000, transactionalId, ...producer, topicData });
      let bytes: Buffer = Buffer.alloc(0);
      const growths = await countGrowths(async () => {
        bytes = (await encodeRequest({ correlationId: 42, clientId: 'collector', request })).buffer;
      });
      assert.equal(growths, 0, 'encoders grown');
      const reader = new Decoder(bytes) as unknown as RecordDecoder;
      assert.equal(reader.readInt32(), bytes.length - 4, 'the size prefix counts what follows');
      assert.deepEqual([reader.readInt16(), reader.readInt16(), reader.readInt32()], [0, 3, 42]);
      assert.deepEqual([reader.readString(), reader.readString()], ['collector', transactionalId]);
      assert.deepEqual([reader.readInt16(), reader.readInt32(), reader.readInt32()], [-1, 30_000, 2]);
      for (const topic of topicData) {
        assert.equal(reader.readString(), topic.topic);
        assert.equal(reader.readInt32(), topic.partitions.length);
        for (const partition of topic.partitions) {
          assert.equal(reader.readInt32(), partition.partition);
          const messages: { key: string | null; value: Buffer; headers: object; timestamp?: number }[] =
            partition.messages;
          const timestamps = messages.map((m) => m.timestamp ?? now);
          const batch = reader.readBytes();
          const batchReader = new Decoder(batch) as unknown as RecordDecoder;
          assert.equal(batchReader.readInt64().toString(), '0', 'first offset');
          assert.equal(batchReader.readInt32(), batch.length - 12, 'the batch length counts what follows it');
          assert.deepEqual([batchReader.readInt32(), batchReader.readInt8()], [0, 2], 'leader epoch, magic');
          const crc = batchReader.readInt32() >>> 0;
          assert.equal(crc, referenceCrc32C(batch.subarray(batchReader.offset)), 'CRC-32C of everything after it');
          assert.equal(batchReader.readInt16(), transactionalId ? 16 : 0, 'attributes: transactional, no codec');
          assert.equal(batchReader.readInt32(), messages.length - 1, 'last offset delta');
          const [firstTimestamp, maxTimestamp] = [batchReader.readInt64(), batchReader.readInt64()].map(String);
          assert.deepEqual(
            [firstTimestamp, maxTimestamp],
            [String(Math.min(...timestamps)), String(Math.max(...timestamps))],
            'first and max timestamp',
          );
          assert.deepEqual(
            [batchReader.readInt64().toString(), batchReader.readInt16(), batchReader.readInt32()],
            ['4242', 7, partition.firstSequence],
            'producer id, epoch, first sequence',
          );
          assert.equal(batchReader.readInt32(), messages.length);
          const context = { firstOffset: '0', firstTimestamp, magicByte: 2 };
          for (const [i, message] of messages.entries()) {
            batchReader.readVarInt();
            const record = decodeRecord(batchReader, context);
            assert.equal(record.offset, String(i));
            assert.equal(record.timestamp, String(timestamps[i]));
            assert.equal(record.key?.toString() ?? null, message.key);
            assert.deepEqual(record.value, message.value);
            const decodedHeaders = Object.entries(record.headers).map(([k, v]) => [k, v.toString()]);
            assert.deepEqual(decodedHeaders, Object.entries(message.headers));
          }
          assert.equal(batchReader.offset, batch.length, 'nothing after the last record');
        }
      }
      assert.equal(reader.offset, bytes.length, 'nothing after the last topic');
    }
  } finally {
    dateNow.mockRestore();
  }
});

test('records whose bodies end near a power of two (256 B to 64 kB) grow no encoder', async () => {
  // Each varint reserves 5 bytes: a record's last ones used to overrun encoders sized for its bytes alone.
  for (const size of [230, 8_170, 16_360, 32_740, 65_500])
    for (let value = size; value < size + 40; value++) {
      const messages = [{ key: null, value: Buffer.alloc(value, 1) }];
      const request = produceV3({
        acks: -1,
        timeout: 1,
        topicData: [{ topic: 't', partitions: [{ partition: 0, messages }] }],
      });
      const growths = await countGrowths(() => encodeRequest({ correlationId: 1, clientId: 'c', request }));
      assert.equal(growths, 0, `a value of ${value} bytes`);
    }
});
