// Worker-thread entry: trains the bootstrap models off the serving thread and posts them back.
import { parentPort, workerData } from 'node:worker_threads';
import { readEncoderModelDirectory } from '@demand/onnx-encoder';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import type { TrainingRequest } from '../ports/model-trainer.port.js';
import { trainBootstrapModels, type EncoderSource } from './bootstrap-models.js';

const request = workerData as TrainingRequest;
const quiet = { info: () => undefined, warn: () => undefined };

try {
  const source: EncoderSource =
    'directory' in request.encoder
      ? { files: await readEncoderModelDirectory(request.encoder.directory) }
      : { train: true };
  // One ONNX thread: the serving thread keeps the other cores.
  const result = await trainBootstrapModels(
    request.corpus,
    source,
    (files) =>
      OnnxTextEncoder.fromFiles(files, {
        logger: quiet,
        executionProviders: ['cpu'],
        intraOpNumThreads: 1,
        nativeLogLevel: 'fatal',
      }),
    request.champions ? { champions: request.champions } : {},
  );
  const transfer = result.encoder ? [result.encoder.model.buffer as ArrayBuffer] : [];
  parentPort?.postMessage({ ok: true, result }, transfer);
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    message: Error.isError(error) ? error.message : String(error),
    stack: Error.isError(error) ? error.stack : undefined,
  });
}
