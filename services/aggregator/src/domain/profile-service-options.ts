import type { SegmentationInput, SegmentationResult } from '@demand/segments';
import type { ProfileSource } from '../ports/profile-source.port.js';
import type { SegmentationStore } from '../ports/segmentation-store.port.js';
import type { ProfileCache, RefreshResult } from './profiles.js';
import type { BackfillWait } from './touched-work.js';

export interface ProfileServiceOptions {
  /** How often users and items touched by stored batches are recomputed… */
  touchedEveryMs: number;
  /**
   * …but touched refreshes take at most this share of the time (0 < share ≤ 1): after one that
   * took `d` ms the next waits at least d × (1 − share) / share. A touched item's profile re-reads
   * the item's whole history, so under a heavy stream (every popular item touched every tick) the
   * refreshes would otherwise cost more per event than storing the events.
   */
  touchedMaxShare?: number;
  /**
   * A touched refresh reads at most this many users and items at a time (default 2000): a backlog of
   * touched users is read in pages, so what one read holds (the query's result, its rows as objects,
   * the events) stays bounded however long the last refresh was spaced out.
   */
  touchedPageIds?: number;
  /**
   * About how long a refresh computes without yielding to the event loop, ms (default 3), across the steps of one
   * refresh between two reads (`EventLoopSlices`). A slice overruns by at most one step: a user's or an item's
   * profile, a few thousand events, or after a full refresh the sort of one RFM axis (≈ 14 ms at 200k users).
   */
  sliceMs?: number;
  /**
   * When users touched by imported history alone are refreshed (default `DEFAULT_BACKFILL_WAIT`: after 5 s
   * without backfill, at most a minute after the first waited); a live event of the user is refreshed as usual.
   */
  backfillWait?: BackfillWait;
  /** How often every profile is recomputed (decay, population scores, co-occurrence). */
  fullEveryMs: number;
  /** How often segments are fitted again. */
  segmentEveryMs: number;
  /** Segments are fitted once at least this many users have profiles. */
  segmentMinUsers: number;
  kMin: number;
  kMax: number;
  seed: number;
}

export interface ProfileServiceDeps {
  cache: ProfileCache;
  source: ProfileSource;
  /** Fits segments off the event loop (runSegmentationInWorker). */
  segment: (input: SegmentationInput) => Promise<SegmentationResult>;
  /** Saves each fit as a model version and gives back the latest at start (ids outlive restarts). */
  segmentations?: SegmentationStore;
  /** Told which profiles changed (e.g. to publish features.updated.v1). */
  onUpdated?: (updated: RefreshResult) => void | Promise<void>;
  /** Told which users a full refresh dropped, gone from the store (at once, before its rescore and notice). */
  onUsersDropped?: (userIds: readonly string[]) => Promise<void>;
  onError?: (error: unknown, what: string) => void;
  now?: () => number;
}
