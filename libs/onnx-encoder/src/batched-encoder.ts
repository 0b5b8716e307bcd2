import { DynamicBatcher, type DynamicBatcherOptions } from './dynamic-batcher.js';
import type { SentenceEncoder } from './sentence-encoder.port.js';

export type BatchingOptions = Omit<DynamicBatcherOptions<Float32Array>, 'encodeBatch' | 'tokenLength'>;

/** A SentenceEncoder whose encode() calls from many callers share model batches. */
export interface BatchedSentenceEncoder extends SentenceEncoder {
  /** Finishes what was submitted and refuses new texts. */
  close(): Promise<void>;
}

export function withDynamicBatching(
  encoder: SentenceEncoder & { countTokens(text: string): number },
  options: BatchingOptions,
): BatchedSentenceEncoder {
  const batcher = new DynamicBatcher<Float32Array>({
    ...options,
    encodeBatch: (texts) => encoder.encode(texts),
    tokenLength: (text) => encoder.countTokens(text),
  });
  return {
    get dimensions() {
      return encoder.dimensions;
    },
    encode: (texts) => batcher.submit(texts),
    close: () => batcher.close(),
  };
}
