import type { RecsServed } from '@demand/contracts';

/** Where every served list goes (recs.served.v1), for attribution and online metrics. */
export interface ServedLists {
  publish(served: RecsServed): Promise<void>;
}
