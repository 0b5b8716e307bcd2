// A serving thread of ServingThreads: holds the last few models it was sent and computes lists on them.
import { parentPort } from 'node:worker_threads';
import {
  type HybridRecommender,
  type PackedRecommenders,
  type RecommendRequest,
  unpackRecommenders,
} from '@demand/recommend';
import type { Variant } from '../ports/list-engine.port.js';

export type ToServingThread =
  | { type: 'load'; id: number; packed: PackedRecommenders }
  | { type: 'recommend'; call: number; id: number; variant: Variant; request: RecommendRequest };

/** Models kept: a champion, a challenger and one arriving. */
const MODELS_KEPT = 3;

const models = new Map<number, { learned: HybridRecommender; fusion: HybridRecommender }>();

parentPort!.on('message', (message: ToServingThread) => {
  if (message.type === 'load') {
    const [learned, fusion] = unpackRecommenders(message.packed);
    models.set(message.id, { learned: learned!, fusion: fusion! });
    const dropped = [...models.keys()].slice(0, Math.max(0, models.size - MODELS_KEPT));
    for (const id of dropped) models.delete(id);
    parentPort!.postMessage({ type: 'loaded', id: message.id, dropped });
    return;
  }
  const model = models.get(message.id);
  if (!model) {
    parentPort!.postMessage({ type: 'missing', call: message.call });
    return;
  }
  try {
    parentPort!.postMessage({
      type: 'list',
      call: message.call,
      result: model[message.variant].recommend(message.request),
    });
  } catch (error) {
    parentPort!.postMessage({ type: 'failed', call: message.call, error: (error as Error).stack ?? String(error) });
  }
});
