import type { SegmentationVersion } from '../domain/profiles.js';

/** Where fitted segmentations are kept as model versions, so segment ids outlive a restart. */
export interface SegmentationStore {
  /** The newest saved segmentation, or undefined when none was saved. */
  latest(): Promise<SegmentationVersion | undefined>;
  /** Saves a fit and returns its version number (monotonic, from 1). */
  save(fit: Omit<SegmentationVersion, 'version'>): Promise<number>;
}
