import type { SegmentationResult } from '@demand/segments';
import type { SegmentationStore } from '../ports/segmentation-store.port.js';
import type { ProfileCache } from './profiles.js';

export interface FitInstall {
  cache: ProfileCache;
  segmentations?: SegmentationStore;
  onError?: (error: unknown, what: string) => void;
}

/**
 * Saves the fit the worker returned as the next model version (after `lastVersion`) and installs it, without the
 * users `forgotten` while it ran (the worker was handed their profiles, so its answer still places them). A failed
 * save is reported and the fit served anyway. Returns the version installed.
 */
export async function installFit(
  { cache, segmentations, onError }: FitInstall,
  fit: SegmentationResult,
  forgotten: ReadonlySet<string>,
  lastVersion: number,
  fittedAt: number,
): Promise<number> {
  const assignments = fit.assignments.filter((a) => !forgotten.has(a.userId));
  const { model } = fit;
  let version = Math.max(lastVersion, cache.latestSegmentation?.version ?? 0) + 1;
  try {
    if (segmentations) version = await segmentations.save({ fittedAt, model, assignments });
  } catch (error) {
    // Served anyway: the fit is good, only its record failed (the next fit tries again).
    onError?.(error, 'saving the segment model');
  }
  // Forgotten while the record was saved: the full refresh after a restart drops them from the saved one.
  const kept = assignments.filter((a) => !forgotten.has(a.userId));
  cache.installSegmentation({ version, fittedAt, model, assignments: kept });
  return version;
}
