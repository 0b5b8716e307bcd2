import { adjustedRandIndex } from './ari.js';
import { SegmentModel, type SegmentModelJSON } from './segment-model.js';
import type { SegmentationOptions } from './segmentation-options.js';
import type { UserProfile } from './user-profile.js';

export interface SegmentationInput {
  profiles: readonly UserProfile[];
  options?: SegmentationOptions;
}

/** One user's segment and plot position. */
export interface UserSegment {
  userId: string;
  segmentId: number;
  x: number;
  y: number;
}

export interface SegmentationResult {
  model: SegmentModelJSON;
  assignments: UserSegment[];
}

/** Fits the segments and assigns every user, with 2-D plot coordinates: the whole job, JSON in and out. */
export function segmentUsers(input: SegmentationInput): SegmentationResult {
  const model = SegmentModel.fit(input.profiles, input.options);
  const assignments = input.profiles.map((p) => {
    const [x, y] = model.project(p);
    return { userId: p.userId, segmentId: model.predict(p), x, y };
  });
  return { model: model.toJSON(), assignments };
}

export interface SegmentEvaluation {
  /** Adjusted Rand index of the segments against the known groups. */
  ari: number;
  k: number;
  silhouette: number;
}

/** Scores a model's segments against known groups (e.g. the test kit's personas), one label per profile. */
export function evaluateSegments(
  model: SegmentModel,
  profiles: readonly UserProfile[],
  truth: readonly (string | number)[],
): SegmentEvaluation {
  const predicted = profiles.map((p) => model.predict(p));
  return { ari: adjustedRandIndex(predicted, truth), k: model.segments.length, silhouette: model.json.silhouette };
}
