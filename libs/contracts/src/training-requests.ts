import type { TrainingRequested } from './gen/demand/v1/training.js';

/**
 * The reasons of a batch's `training.requested.v1` messages for one model, each once, as one
 * line for a log or a model version ("drift: …, schedule"); undefined when none name the model.
 */
export function reasonsForModel(requests: readonly TrainingRequested[], isModel: (name: string) => boolean) {
  const ours = requests.filter((request) => isModel(request.model));
  if (ours.length === 0) return undefined;
  return [...new Set(ours.map((request) => request.reason || 'requested'))].join(', ');
}
