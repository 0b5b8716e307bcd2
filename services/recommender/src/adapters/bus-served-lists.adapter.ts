import type { EventBus } from '@demand/bus';
import { type RecsServed, Topics } from '@demand/contracts';
import type { Logger } from '@demand/telemetry';
import { BatchedServedLists } from './batched-served-lists.js';
import { servedListBytes } from './served-list-bytes.js';

/** Each list's value, encoded by hand: the bus sends it as it is. */
const encodedParts = (served: RecsServed) => [servedListBytes(served)];

/**
 * Served lists to recs.served.v1, in batches sent within `maxWaitMs` of the answer. Each send costs
 * kafkajs about a millisecond of CPU whatever its size, so the window is 100 ms rather than a few:
 * at 1,000 answers a second that is 10 sends instead of 50, and attribution does not need fresher.
 */
export class BusServedLists extends BatchedServedLists {
  constructor(bus: EventBus, logger: Logger, maxWaitMs = 100, maxBatch = 500) {
    super(
      { name: Topics.recsServed.name, send: (batch) => bus.publish(Topics.recsServed, batch, { encodedParts }) },
      logger,
      maxWaitMs,
      maxBatch,
    );
  }
}
