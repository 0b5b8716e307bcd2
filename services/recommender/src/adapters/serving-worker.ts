// A serving thread of ServingThreads: holds the models serving now and computes lists on them.
import { parentPort } from 'node:worker_threads';
import {
  type HybridRecommender,
  type PackedRecommenders,
  type RecommendRequest,
  unpackRecommenders,
} from '@demand/recommend';
import type { Variant } from '../ports/list-engine.port.js';

export type ToServingThread =
  | { type: 'serve'; load: { id: number; packed: PackedRecommenders }[]; keep: number[] }
  | { type: 'recommend'; call: number; id: number; variant: Variant; request: RecommendRequest };

const models = new Map<number, { learned: HybridRecommender; fusion: HybridRecommender }>();

parentPort!.on('message', (message: ToServingThread) => {
  if (message.type === 'serve') {
    for (const { id, packed } of message.load) {
      const [learned, fusion] = unpackRecommenders(packed);
      models.set(id, { learned: learned!, fusion: fusion! });
    }
    for (const id of models.keys()) if (!message.keep.includes(id)) models.delete(id);
    parentPort!.postMessage({ type: 'serving', ids: [...models.keys()] });
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
