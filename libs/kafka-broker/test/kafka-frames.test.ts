import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { FrameReader, frame, int16, int32, withSaslApiVersions } from '../src/kafka-frames.js';

const entry = (apiKey: number, min: number, max: number) => Buffer.concat([int16(apiKey), int16(min), int16(max)]);

function entriesOf(body: Buffer, flexible: boolean): number[][] {
  const count = flexible ? body.readUInt8(2) - 1 : body.readInt32BE(2);
  const size = flexible ? 7 : 6;
  const start = flexible ? 3 : 6;
  return Array.from({ length: count }, (_, i) => {
    const at = start + i * size;
    return [body.readInt16BE(at), body.readInt16BE(at + 2), body.readInt16BE(at + 4)];
  });
}

test('ApiVersions v0-v2 answers gain SaslHandshake v1 and SaslAuthenticate v0-v1; the throttle time is kept', () => {
  const body = Buffer.concat([int16(0), int32(2), entry(0, 0, 9), entry(3, 0, 12), int32(77)]);
  const extended = withSaslApiVersions(body, 2);
  assert.deepEqual(entriesOf(extended, false), [
    [0, 0, 9],
    [3, 0, 12],
    [17, 1, 1],
    [36, 0, 1],
  ]);
  assert.equal(extended.readInt32BE(extended.length - 4), 77);
});

test('ApiVersions v3 (compact array, tagged fields) is extended in its own layout, replacing SASL entries it had', () => {
  const tags = Buffer.from([0]);
  const body = Buffer.concat([
    int16(0),
    Buffer.from([3]), // compact array of 2
    entry(18, 0, 3),
    tags,
    entry(17, 0, 0),
    tags,
    int32(5),
    tags,
  ]);
  const extended = withSaslApiVersions(body, 3);
  assert.deepEqual(entriesOf(extended, true), [
    [18, 0, 3],
    [17, 1, 1],
    [36, 0, 1],
  ]);
  assert.deepEqual([...extended.subarray(-5)], [0, 0, 0, 5, 0]);
});

test('an ApiVersions error answer is passed on unchanged', () => {
  const body = Buffer.concat([int16(35), int32(1), entry(18, 0, 2)]);
  assert.equal(withSaslApiVersions(body, 4), body);
});

test('frames split across chunks, or several in one chunk, come out whole', () => {
  const reader = new FrameReader();
  const stream = Buffer.concat([frame(Buffer.from('first')), frame(Buffer.from('second')), frame(Buffer.alloc(0))]);
  const frames = [...reader.push(stream.subarray(0, 3)), ...reader.push(stream.subarray(3, 12))];
  frames.push(...reader.push(stream.subarray(12)));
  assert.deepEqual(
    frames.map((f) => f.toString()),
    ['first', 'second', ''],
  );
});

test('a big frame fed in many small chunks (its size prefix split too) comes out whole, once', () => {
  const reader = new FrameReader();
  const payload = Buffer.alloc(300_000, 7);
  payload.writeUInt32BE(0xdeadbeef, payload.length - 4);
  const stream = Buffer.concat([frame(payload), frame(Buffer.from('next')), Buffer.from([0, 0])]);
  const frames: Buffer[] = [];
  frames.push(...reader.push(stream.subarray(0, 1)), ...reader.push(stream.subarray(1, 3)));
  for (let at = 3; at < stream.length; at += 4093) frames.push(...reader.push(stream.subarray(at, at + 4093)));
  assert.equal(frames.length, 2);
  assert.equal(frames[0]!.length, payload.length);
  assert.ok(frames[0]!.equals(payload));
  assert.equal(frames[1]!.toString(), 'next');
  assert.deepEqual([...reader.drain()], [0, 0], 'the incomplete size prefix is left over');
});

test('drain hands back a partly read frame with its size prefix, and the reader starts afresh', () => {
  const reader = new FrameReader();
  const whole = frame(Buffer.from('abcdef'));
  assert.deepEqual(reader.push(whole.subarray(0, 7)), []);
  assert.ok(reader.drain().equals(whole.subarray(0, 7)));
  assert.deepEqual(
    reader.push(whole).map((f) => f.toString()),
    ['abcdef'],
  );
});
