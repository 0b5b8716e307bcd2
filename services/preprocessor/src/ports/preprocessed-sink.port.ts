import type { CleanEvent, CleanText } from '@demand/contracts';

/** Where cleaned events and texts go; resolves once both are durably accepted downstream. */
export interface PreprocessedSink {
  write(events: readonly CleanEvent[], texts: readonly CleanText[]): Promise<void>;
}

export const PREPROCESSED_SINK = Symbol('PreprocessedSink');
