import { Worker } from 'node:worker_threads';
import { type PackedRecommenders, unpackRecommenders } from '@demand/recommend';
import type { TrainedModel } from '../domain/recommend-service.js';
import { listsFromNow, type RankedListSettings, type TrainMetrics } from '../domain/train-model.js';
import type { ModelTrainer } from '../ports/model-trainer.port.js';
import type { TrainingData } from '../ports/training-data.port.js';
import { trainingDataMessage } from './training-data-message.js';

type Reply =
  | { packed: PackedRecommenders; versions: Record<string, string>; metrics: TrainMetrics; error?: undefined }
  | { error: string };

/**
 * Trains in a worker thread started for the run, so gRPC serving never waits behind training;
 * the trained recommenders come back in one message and are put together on the serving thread.
 */
export class WorkerTrainer implements ModelTrainer {
  private readonly running = new Set<Worker>();

  /** With `lists`, the worker stores them as scored at the serving clock's time when the run starts. */
  constructor(private readonly lists?: RankedListSettings) {}

  train(data: TrainingData): Promise<TrainedModel> {
    const worker = new Worker(new URL('./train-worker.js', import.meta.url));
    this.running.add(worker);
    return new Promise<TrainedModel>((resolve, reject) => {
      worker.once('message', (reply: Reply) => {
        if (reply.error !== undefined) return reject(new Error(`training failed in the worker: ${reply.error}`));
        const [learned, fusion] = unpackRecommenders(reply.packed);
        resolve({
          model: { kind: 'trained', learned: learned!, fusion: fusion!, versions: reply.versions },
          metrics: reply.metrics,
        });
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`training worker exited (code ${code})`)));
      const { message, transfer } = trainingDataMessage(data);
      worker.postMessage({ data: message, lists: listsFromNow(this.lists) }, transfer);
    }).finally(() => {
      this.running.delete(worker);
      void worker.terminate();
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.running].map((w) => w.terminate()));
  }
}
