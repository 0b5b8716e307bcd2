import type { Event } from '@demand/contracts';
import type { EventLimits } from '@demand/event-validation';
import type { CleanEventSink } from '../ports/clean-event-sink.port.js';
import { preprocess, remember } from './preprocess.js';
import { RecentIds } from './recent-ids.js';

export interface PreprocessOutcome {
  published: number;
  duplicates: number;
  rejected: { index: number; reason: string }[];
}

/** Raw events in, clean events out; the caller dead-letters what is rejected. */
export class Preprocessor {
  private readonly seen: RecentIds;

  constructor(
    private readonly sink: CleanEventSink,
    private readonly limits: EventLimits,
    dedupWindow: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.seen = new RecentIds(dedupWindow);
  }

  async process(events: readonly Event[]): Promise<PreprocessOutcome> {
    const result = preprocess(events, this.seen, this.limits, this.clock());
    await this.sink.write(result.clean);
    remember(result.clean, this.seen);
    return { published: result.clean.length, duplicates: result.duplicates, rejected: result.rejected };
  }
}
