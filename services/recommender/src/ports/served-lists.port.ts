import type { RecsServed } from '@demand/contracts';

/** Where every served list goes (recs.served.v1), for attribution and online metrics. */
export interface ServedLists {
  /**
   * Queues a served list for its destinations and returns at once: it must not return a promise (nothing
   * awaits it, so a rejection would go unhandled) nor throw. A failed send is the implementation's to log
   * and count (`BatchedServedLists`: `recommender_served_lists_dropped_total`).
   */
  publish(served: RecsServed): void;
}
