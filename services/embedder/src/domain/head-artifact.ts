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
  experts?: ExpertJson[];
  /** Further members, each read with `features` like `model` (absent in heads published before committees). */
  committee?: { model: SoftmaxRegressionJSON; experts?: ExpertJson[] }[];
}

interface ExpertJson {
  features: FeatureSet;
  model: SoftmaxRegressionJSON;
}

/** A fitted member as training hands it over: its model and the experts multiplied into it. */
interface FittedMember {
  model: SoftmaxRegression;
  experts?: readonly { features: FeatureSet; model: SoftmaxRegression }[];
}

export function encodeHeadArtifact(
  task: HeadTask,
  head: FittedMember & { classNames: readonly string[]; features: FeatureSet; committee?: readonly FittedMember[] },
): string {
  const expertsJson = (member: FittedMember) =>
    member.experts?.length
      ? { experts: member.experts.map((expert) => ({ features: expert.features, model: expert.model.toJSON() })) }
      : {};
  const json: HeadArtifactJson = {
    kind: 'text-head',
    formatVersion: 1,
    task,
    features: head.features,
    classNames: [...head.classNames],
    model: head.model.toJSON(),
    ...expertsJson(head),
    ...(head.committee?.length
      ? { committee: head.committee.map((member) => ({ model: member.model.toJSON(), ...expertsJson(member) })) }
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
  const committee = json?.committee;
  if (committee !== undefined && !Array.isArray(committee)) problems.push('committee must be a list');
  const members = [json, ...(Array.isArray(committee) ? committee : [])];
  for (const features of [
    json?.features,
    ...members.flatMap((member) => (Array.isArray(member?.experts) ? member.experts : [])).map((e) => e?.features),
  ])
    if (!FEATURE_SETS.includes(features)) problems.push(`unknown features ${JSON.stringify(features)}`);
  if (members.some((member) => member?.experts !== undefined && !Array.isArray(member.experts)))
    problems.push('experts must be a list');
  if (!Array.isArray(json?.classNames) || json.classNames.some((name) => typeof name !== 'string'))
    problems.push('classNames must be strings');
  if (problems.length > 0) throw new Error(`${version}: ${problems.join('; ')}`);
  const expertsOf = (member: { experts?: ExpertJson[] }) =>
    (member.experts ?? []).map((expert) => ({
      features: expert.features,
      model: SoftmaxRegression.fromJSON(expert.model),
    }));
  const experts = expertsOf(json);
  const others = (json.committee ?? []).map((member) => {
    const memberExperts = expertsOf(member);
    return {
      model: SoftmaxRegression.fromJSON(member.model),
      ...(memberExperts.length > 0 ? { experts: memberExperts } : {}),
    };
  });
  const featureSets = [
    json.features,
    ...[experts, ...others.map((m) => m.experts ?? [])].flat().map((e) => e.features),
  ];
  if (featureSets.some(usesGeneralPolarity)) loadGeneralPolarity();
  return {
    version,
    classNames: json.classNames,
    features: json.features,
    model: SoftmaxRegression.fromJSON(json.model),
    ...(experts.length > 0 ? { experts } : {}),
    ...(others.length > 0 ? { committee: others } : {}),
  };
}
