import { Topics, type CleanEvent, type CleanText } from '@demand/contracts';
import type { EventBus } from '@demand/bus';
import type { PreprocessedSink } from '../ports/preprocessed-sink.port.js';

/** Publishes clean events to events.clean.v1 and texts to texts.clean.v1, and waits for both acknowledgements. */
export class BusPreprocessedSink implements PreprocessedSink {
  constructor(private readonly bus: EventBus) {}

  async write(events: readonly CleanEvent[], texts: readonly CleanText[]): Promise<void> {
    await Promise.all([
      events.length > 0 ? this.bus.publish(Topics.eventsClean, events, { batched: true }) : undefined,
      texts.length > 0 ? this.bus.publish(Topics.textsClean, texts) : undefined,
    ]);
  }
}
