import type { EventBus } from '@demand/bus';
import { type RecsServed, Topics } from '@demand/contracts';
import type { ServedLists } from '../ports/served-lists.port.js';

/** Publishes each served list to recs.served.v1 and waits for the acknowledgement. */
export class BusServedLists implements ServedLists {
  constructor(private readonly bus: EventBus) {}

  publish(served: RecsServed): Promise<void> {
    return this.bus.publish(Topics.recsServed, [served]);
  }
}
