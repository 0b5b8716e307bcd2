import type { Event } from '@demand/contracts';
import type { CatalogFeed } from '../ports/catalog-feed.port.js';
import type { PreprocessedSink } from '../ports/preprocessed-sink.port.js';
import { preprocess, type PreprocessRules, type PreprocessState } from './preprocess.js';

export interface PreprocessOutcome {
  published: number;
  texts: number;
  duplicates: number;
  rejected: { index: number; reason: string }[];
  /** How many published events carry each flag. */
  flags: Record<string, number>;
}

/**
 * Raw events in; clean events and clean texts out; the caller dead-letters what is rejected.
 * Items learned are published to the catalog feed before anything else, so every replica (and
 * this one after a restart) knows them; the batch becomes part of the memory only once everything is published.
 */
export class Preprocessor {
  constructor(
    private readonly sink: PreprocessedSink,
    private readonly catalog: CatalogFeed,
    private readonly rules: PreprocessRules,
    private readonly state: PreprocessState,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async process(events: readonly Event[]): Promise<PreprocessOutcome> {
    const result = preprocess(events, this.rules, this.state, this.clock());
    if (result.items.length > 0) await this.catalog.publish(result.items);
    await this.sink.write(result.clean, result.texts);
    result.commit();
    const flags: Record<string, number> = {};
    for (const c of result.clean) for (const flag of c.flags) flags[flag] = (flags[flag] ?? 0) + 1;
    return {
      published: result.clean.length,
      texts: result.texts.length,
      duplicates: result.duplicates,
      rejected: result.rejected,
      flags,
    };
  }
}
