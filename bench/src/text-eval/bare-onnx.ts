import { BertTokenizer } from '@demand/bert-tokenizer';
import { DirectoryModelStore } from '@demand/model-store';
import {
  l2NormalizeInPlace,
  ModelRepository,
  padEncodings,
  poolHiddenStates,
  readEncoderModelDirectory,
} from '@demand/embedder/training';
import ort from 'onnxruntime-node';

/** The directory of the newest encoder in a model store, or undefined. */
export async function latestEncoderDirectory(modelsDir: string): Promise<string | undefined> {
  return (await new ModelRepository(new DirectoryModelStore({ root: modelsDir })).latestEncoder())?.directory;
}

/** ONNX Runtime driven directly on a model directory, for comparison with the service. */
export interface BareOnnx {
  readonly providers: string[];
  /** Texts per second over `texts`, in chunks of `batchSize` run one after another. */
  rate(texts: readonly string[], batchSize: number): Promise<number>;
  /** Median time of one single-text call over `texts`, in ms (no load). */
  singleTextMs(texts: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * The ceiling the service is measured against: ONNX Runtime in a plain loop on the same model
 * directory — tokenize a chunk, pad, run, mean-pool, normalise — with no batching queue, no
 * gRPC and no service around it. Falls back to CPU when the providers asked for cannot load.
 */
export async function openBareOnnx(directory: string, executionProviders: string[]): Promise<BareOnnx> {
  const files = await readEncoderModelDirectory(directory);
  const tokenizer = BertTokenizer.fromTokenizerJson(files.tokenizerJson);
  let providers = executionProviders;
  let session: ort.InferenceSession;
  // A missing CUDA library is reported below as a fallback to CPU, not as a native error line.
  ort.env.logLevel = 'fatal';
  try {
    session = await ort.InferenceSession.create(files.model, {
      executionProviders: providers,
      graphOptimizationLevel: 'all',
    });
  } catch {
    providers = ['cpu'];
    session = await ort.InferenceSession.create(files.model, {
      executionProviders: providers,
      graphOptimizationLevel: 'all',
    });
  }
  const encode = async (chunk: readonly string[]): Promise<Float32Array[]> => {
    const padded = padEncodings(
      tokenizer.encodeBatch(chunk, files.config.maxLength),
      tokenizer.padId,
      tokenizer.padTypeId,
    );
    const shape = [padded.batch, padded.sequence];
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', padded.inputIds, shape),
      attention_mask: new ort.Tensor('int64', padded.attentionMask, shape),
    };
    if (session.inputNames.includes('token_type_ids'))
      feeds['token_type_ids'] = new ort.Tensor('int64', padded.tokenTypeIds, shape);
    const output = (await session.run(feeds))[files.config.outputName ?? 'last_hidden_state'] as ort.Tensor;
    const [batch, sequence, hidden] = output.dims as number[];
    return poolHiddenStates(
      {
        data: output.data as Float32Array,
        batch: batch as number,
        sequence: sequence as number,
        hidden: hidden as number,
      },
      padded.mask,
      files.config.pooling,
    ).map(l2NormalizeInPlace);
  };
  await encode(['warm-up']);
  return {
    providers,
    async rate(texts, batchSize) {
      const started = performance.now();
      for (let i = 0; i < texts.length; i += batchSize) await encode(texts.slice(i, i + batchSize));
      return (texts.length * 1000) / (performance.now() - started);
    },
    async singleTextMs(texts) {
      const times: number[] = [];
      for (const text of texts) {
        const started = performance.now();
        await encode([text]);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)] ?? NaN;
    },
    close: () => session.release(),
  };
}
