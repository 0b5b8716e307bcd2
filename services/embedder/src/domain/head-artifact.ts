import { SoftmaxRegression, type SoftmaxRegressionJSON } from '@demand/ml';
import { loadGeneralPolarity } from './general-polarity.js';
import { FEATURE_SETS, usesGeneralPolarity, type FeatureSet } from './head-features.js';
import type { TextHead } from './text-heads.js';

export type HeadTask = 'sentiment' | 'intent';

/** model.json of a published head: the classifier plus what serving needs to feed it. */
export interface HeadArtifactJson {
  kind: 'text-head';
  formatVersion: 1;
  task: HeadTask;
  features: FeatureSet;
  classNames: string[];
  model: SoftmaxRegressionJSON;
  /** Models multiplied into the head's (absent in heads published before experts existed). */
  experts?: { features: FeatureSet; model: SoftmaxRegressionJSON }[];
}

export function encodeHeadArtifact(
  task: HeadTask,
  head: {
    model: SoftmaxRegression;
    classNames: readonly string[];
    features: FeatureSet;
    experts?: readonly { features: FeatureSet; model: SoftmaxRegression }[];
  },
): string {
  const json: HeadArtifactJson = {
    kind: 'text-head',
    formatVersion: 1,
    task,
    features: head.features,
    classNames: [...head.classNames],
    model: head.model.toJSON(),
    ...(head.experts?.length
      ? { experts: head.experts.map((expert) => ({ features: expert.features, model: expert.model.toJSON() })) }
      : {}),
  };
  return JSON.stringify(json);
}

/** Reads model.json back; every problem is named (the caller says which version it was). */
export function decodeHeadArtifact(text: string, task: HeadTask, version: string): TextHead {
  let json: HeadArtifactJson;
  try {
    json = JSON.parse(text) as HeadArtifactJson;
  } catch (error) {
    throw new Error(`${version}: model.json is not JSON: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  if (json?.kind !== 'text-head' || json.formatVersion !== 1) problems.push('not a text-head of formatVersion 1');
  if (json?.task !== task) problems.push(`is a ${String(json?.task)} head, not ${task}`);
  for (const features of [
    json?.features,
    ...(Array.isArray(json?.experts) ? json.experts : []).map((e) => e?.features),
  ])
    if (!FEATURE_SETS.includes(features)) problems.push(`unknown features ${JSON.stringify(features)}`);
  if (json?.experts !== undefined && !Array.isArray(json.experts)) problems.push('experts must be a list');
  if (!Array.isArray(json?.classNames) || json.classNames.some((name) => typeof name !== 'string'))
    problems.push('classNames must be strings');
  if (problems.length > 0) throw new Error(`${version}: ${problems.join('; ')}`);
  const experts = (json.experts ?? []).map((expert) => ({
    features: expert.features,
    model: SoftmaxRegression.fromJSON(expert.model),
  }));
  if ([json.features, ...experts.map((expert) => expert.features)].some(usesGeneralPolarity)) loadGeneralPolarity();
  return {
    version,
    classNames: json.classNames,
    features: json.features,
    model: SoftmaxRegression.fromJSON(json.model),
    ...(experts.length > 0 ? { experts } : {}),
  };
}
