/**
 * Event ids the collector has already written to the raw topic, remembered for a window of
 * time so that a client's retry is acknowledged instead of stored twice.
 */
export interface SeenEventIds {
  /** The ids among `ids` recorded at or after `since` (ms since the epoch). */
  seenSince(ids: readonly string[], since: number): Promise<ReadonlySet<string>>;
  /** Records ids as written at `at` (ms since the epoch); an id seen again moves to the new time. */
  record(ids: readonly string[], at: number): Promise<void>;
  /** Forgets ids recorded before `before`; returns how many were forgotten. */
  forgetBefore(before: number): Promise<number>;
}

export const SEEN_EVENT_IDS = Symbol('SeenEventIds');
