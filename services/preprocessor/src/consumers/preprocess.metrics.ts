import { Counter, type Registry } from 'prom-client';
import type { PreprocessOutcome } from '../domain/preprocessor.js';

/** What the preprocessor did with the records it consumed, for dashboards and alerts (bot share, PII rate). */
export class PreprocessMetrics {
  private readonly events: Counter<'outcome'>;
  private readonly flags: Counter<'flag'>;
  private readonly texts: Counter;
  /** Joined passes that failed (not transiently), after which each batch ran alone. */
  readonly joinedPassFallbacks: Counter;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'preprocessor_events_total',
      help: 'Raw events by outcome: published, duplicate or rejected (dead-lettered)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.flags = new Counter({
      name: 'preprocessor_flags_total',
      help: 'Flags set on published clean events, e.g. bot:rate, pii_masked, late',
      labelNames: ['flag'],
      registers: [registry],
    });
    this.texts = new Counter({
      name: 'preprocessor_texts_published_total',
      help: 'Clean texts published to texts.clean.v1',
      registers: [registry],
    });
    this.joinedPassFallbacks = new Counter({
      name: 'preprocessor_joined_pass_fallbacks_total',
      help: 'Joined passes that failed (not transiently), after which each partition batch ran alone',
      registers: [registry],
    });
  }

  record(outcome: PreprocessOutcome): void {
    this.events.inc({ outcome: 'published' }, outcome.published);
    this.events.inc({ outcome: 'duplicate' }, outcome.duplicates);
    this.events.inc({ outcome: 'rejected' }, outcome.rejected.length);
    this.texts.inc(outcome.texts);
    for (const [flag, count] of Object.entries(outcome.flags)) this.flags.inc({ flag }, count);
  }
}
