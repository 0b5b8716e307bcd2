import type { EventBus } from '@demand/bus';
import { Topics } from '@demand/contracts';
import type { Logger } from '@demand/telemetry';
import { BatchedServedLists } from './batched-served-lists.js';

/** Served lists to recs.served.v1, in batches sent within `maxWaitMs` of the answer. */
export class BusServedLists extends BatchedServedLists {
  constructor(bus: EventBus, logger: Logger, maxWaitMs = 20, maxBatch = 500) {
    super(
      { name: Topics.recsServed.name, send: (batch) => bus.publish(Topics.recsServed, batch) },
      logger,
      maxWaitMs,
      maxBatch,
    );
  }
}
