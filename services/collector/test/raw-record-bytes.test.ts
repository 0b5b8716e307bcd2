import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { BinaryWriter, Event, Topics, TrackBatchRequest } from '@demand/contracts';
import { defaultEventLimits, validateEvent } from '@demand/event-validation';
import { createShop } from '@demand/testkit';
import { BusRawEventSink } from '../src/adapters/bus-raw-event-sink.adapter.js';
import { EventIntake } from '../src/domain/event-intake.js';
import { decodeTrackBatchKeepingBytes, receivedBytesOf } from '../src/grpc/event-wire-bytes.js';
import { CapturingBus } from './fakes.js';

// The test kit's dirty shop (duplicates, malformed texts, PII, bots) as clients would send it.
const shop = createShop({ seed: 21, users: 200, items: 60, startDay: '2026-10-01' });
const run = shop.generateEvents({
  days: 2,
  dirt: { dirtyRate: 0.08, duplicateRate: 0.03 },
  bots: { sessionRate: 0.03, pacedShare: 0.5 },
  runId: 'wirebytes',
});
const receivedAt = new Date(Date.parse('2026-10-03T00:00:00.123Z'));
const limits = { ...defaultEventLimits, maxBatchEvents: 1_000_000 };
/** What the collector accepts of it (a batch with an invalid event is refused whole). */
const shopEvents = [...run].filter((event) => {
  try {
    validateEvent(event, 'event', limits, receivedAt);
    return event.payload?.$case !== 'itemUpsert';
  } catch {
    return false;
  }
});

/** What the raw topic's batched record holds, written today's way (encoded) and from the received bytes. */
async function recordValues(request: Uint8Array) {
  const bus = new CapturingBus();
  const intake = new EventIntake(new BusRawEventSink(bus.asBus()), limits, () => receivedAt);
  const decoded = decodeTrackBatchKeepingBytes(request);
  await intake.trackBatch(decoded.events, receivedBytesOf(decoded));
  const [{ messages, options }] = bus.publishes as [(typeof bus.publishes)[0]];
  const form = Topics.eventsRaw.batched!;
  const parts = messages.map((event, index) => options.encodedParts?.(event, index));
  assert.ok(
    parts.every((p) => p !== undefined),
    'every event is written from its received bytes',
  );
  return { encoded: form.encode(messages), joined: form.joinEncoded!(parts as Uint8Array[][]), messages };
}

test('the dirty shop decodes from the request exactly as ts-proto decodes it', () => {
  const request = TrackBatchRequest.encode({ events: shopEvents }).finish();
  assert.ok(shopEvents.length > 1000);
  const decoded = decodeTrackBatchKeepingBytes(request);
  assert.deepStrictEqual(Object.keys(decoded), ['events']);
  assert.deepStrictEqual(decoded.events, TrackBatchRequest.decode(request).events);
});

test('records from the received bytes decode to exactly what the encoded records decode to (dirty shop)', async () => {
  const request = TrackBatchRequest.encode({ events: shopEvents }).finish();
  const { encoded, joined, messages } = await recordValues(request);
  assert.notDeepEqual(Buffer.from(joined), Buffer.from(encoded), 'the bytes are assembled, not encoded again');
  const form = Topics.eventsRaw.batched!;
  const decoded = form.decode(joined);
  assert.deepStrictEqual(decoded, form.decode(encoded));
  assert.equal(decoded.length, messages.length);
  assert.ok(decoded.every((event) => event.receivedAt?.getTime() === receivedAt.getTime()));
});

test('a received_at sent by the client is replaced and unknown fields are ignored, as today', async () => {
  const clientStamp = new Date(Date.parse('2026-10-01T10:00:00.999Z'));
  const events = shopEvents.slice(0, 50).map((event) => ({ ...event, receivedAt: clientStamp }));
  const writer = TrackBatchRequest.encode({ events });
  // A newer client's fields: one inside the first event, one beside the events.
  const first = Event.encode({ ...events[0]!, eventId: 'with-unknown-fields' }).finish();
  const request = new BinaryWriter().raw(writer.finish());
  request
    .uint32(10)
    .uint32(first.length + 3)
    .raw(first)
    .uint32(99 * 8)
    .raw(Uint8Array.of(7)); // unknown varint 99
  request.uint32(7 * 8 + 2).bytes(Uint8Array.of(1, 2, 3)); // unknown field 7 of TrackBatchRequest
  const { encoded, joined } = await recordValues(request.finish());
  const form = Topics.eventsRaw.batched!;
  const decoded = form.decode(joined);
  assert.equal(decoded.length, 51);
  assert.deepStrictEqual(decoded, form.decode(encoded));
  assert.ok(decoded.every((event) => event.receivedAt?.getTime() === receivedAt.getTime()));
});

test('only TrackBatch requests decoded here carry received bytes; events without them are encoded', async () => {
  const request = TrackBatchRequest.encode({ events: shopEvents.slice(0, 3) }).finish();
  const received = receivedBytesOf(decodeTrackBatchKeepingBytes(request));
  assert.deepStrictEqual(received?.[0], Event.encode(shopEvents[0]!).finish());
  assert.equal(receivedBytesOf(TrackBatchRequest.decode(request)), undefined);
  const bus = new CapturingBus();
  await new BusRawEventSink(bus.asBus()).write([shopEvents[0]!]);
  assert.equal(bus.publishes[0]!.options.encodedParts, undefined);
});
