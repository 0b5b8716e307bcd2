import type { RecsServed } from '@demand/contracts';

/** Where every served list goes (recs.served.v1), for attribution and online metrics. */
export interface ServedLists {
  /**
   * Queues a served list for its destinations; the call never waits for them (a failed send is the
   * adapter's to log), so an answer costs no promise for it.
   */
  publish(served: RecsServed): void;
}
