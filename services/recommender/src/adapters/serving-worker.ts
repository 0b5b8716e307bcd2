// A serving thread of ServingThreads: holds the models serving now, computes lists on them and
// encodes the answers, a batch of calls a message each way.
import { parentPort } from 'node:worker_threads';
import { type HybridRecommender, type PackedRecommenders, unpackRecommenders } from '@demand/recommend';
import { answerHere, emptyTally, refreshHere } from '../ports/list-engine.port.js';
import type { Ask, Answered } from './serving-threads.adapter.js';

export type ToServingThread =
  | { type: 'serve'; load: { id: number; packed: PackedRecommenders }[]; keep: number[] }
  | { type: 'answer'; asks: Ask[] }
  | { type: 'refresh'; now: number; budget: number };

/** Answers computed for longer than this go back before the rest of their batch (ms). */
const REPLY_EVERY_MS = 2;

const models = new Map<number, { learned: HybridRecommender; fusion: HybridRecommender }>();
/** This thread's stored-list counts, sent whole with its answers and after a refresh that scored any. */
const tally = emptyTally();

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
  if (message.type === 'refresh') {
    if (refreshHere(models.values(), message.now, message.budget, tally) > 0)
      parentPort!.postMessage({ type: 'tally', tally });
    return;
  }
  let answers: Answered[] = [];
  let since = performance.now();
  for (const ask of message.asks) {
    answers.push(answer(ask));
    if (performance.now() - since >= REPLY_EVERY_MS) {
      parentPort!.postMessage({ type: 'answers', answers, tally });
      answers = [];
      since = performance.now();
    }
  }
  if (answers.length > 0) parentPort!.postMessage({ type: 'answers', answers, tally });
});

function answer({ call, id, variant, request, envelope }: Ask): Answered {
  const model = models.get(id);
  if (!model) return { call, outcome: 'missing' };
  try {
    return { call, outcome: 'answered', answer: answerHere(model, variant, request, envelope, tally) };
  } catch (error) {
    return { call, outcome: 'failed', error: (error as Error).stack ?? String(error) };
  }
}
