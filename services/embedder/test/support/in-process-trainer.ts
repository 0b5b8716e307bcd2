import { readEncoderModelDirectory } from '@demand/onnx-encoder';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import {
  TrainingCancelled,
  type ModelTrainer,
  type TrainingJob,
  type TrainingRequest,
} from '../../src/ports/model-trainer.port.js';
import { trainBootstrapModels, type BootstrapResult } from '../../src/training/bootstrap-models.js';
import { recordingLogger } from './tiny-model-directory.js';

/** A tiny test-kit shop (a corpus for tests): trains in about a second. */
export const TINY_CORPUS = { seed: 5, users: 500, items: 60, days: 10 };
/** A small encoder for that shop (the real default is 256 wide with 10,000 tokens). */
export const TINY_ENCODER = { vocabSize: 600, hiddenSize: 64, semanticDimensions: 24, commonVocabulary: false };

/**
 * Trains on the calling thread (tests), optionally held at a gate, counting its runs; the
 * service uses WorkerModelTrainer, which runs the same training in a worker thread.
 */
export class InProcessTrainer implements ModelTrainer {
  readonly requests: TrainingRequest[] = [];
  gate: Promise<void> | undefined;
  failWith: Error | undefined;

  start(request: TrainingRequest): TrainingJob {
    this.requests.push(request);
    let cancelled = false;
    let cancel!: () => void;
    const cancelledSignal = new Promise<never>((_, reject) => (cancel = () => reject(new TrainingCancelled())));
    cancelledSignal.catch(() => undefined);
    const work = (async (): Promise<BootstrapResult> => {
      if (this.gate) await this.gate;
      if (cancelled) throw new TrainingCancelled();
      if (this.failWith) throw this.failWith;
      const source =
        'directory' in request.encoder
          ? { files: await readEncoderModelDirectory(request.encoder.directory) }
          : { train: true as const, options: TINY_ENCODER };
      return trainBootstrapModels(
        request.corpus,
        source,
        (files) => OnnxTextEncoder.fromFiles(files, { logger: recordingLogger() }),
        request.champions ? { champions: request.champions } : {},
      );
    })();
    return {
      result: Promise.race([work, cancelledSignal]),
      cancel: async () => {
        cancelled = true;
        cancel();
      },
    };
  }
}
