import type { Logger } from '@demand/telemetry';
import type { EncoderLocation } from '../adapters/model-repository.adapter.js';
import { withDynamicBatching, type BatchedSentenceEncoder, type BatchingOptions } from '@demand/onnx-encoder';
import { OnnxTextEncoder } from '@demand/onnx-encoder';
import type { EncoderHandle } from '../ports/text-models.port.js';

/** An encoder from the model store, running: its ONNX session, the batcher in front, the handle callers get. */
export interface LoadedEncoder {
  location: EncoderLocation;
  onnx: OnnxTextEncoder;
  batched: BatchedSentenceEncoder;
  handle: EncoderHandle;
}

export interface EncoderRuntimeSettings {
  executionProviders: readonly string[];
  intraOpNumThreads: number | undefined;
  batching: BatchingOptions;
}

export async function openEncoder(
  location: EncoderLocation,
  settings: EncoderRuntimeSettings,
  logger: Logger,
): Promise<LoadedEncoder> {
  const onnx = await OnnxTextEncoder.load(location.directory, {
    logger,
    executionProviders: settings.executionProviders,
    nativeLogLevel: 'fatal',
    ...(settings.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: settings.intraOpNumThreads }),
  });
  const batched = withDynamicBatching(onnx, settings.batching);
  const handle: EncoderHandle = {
    encoder: batched,
    version: location.label,
    tag: location.fingerprint.slice(0, 8),
    dimensions: onnx.dimensions,
    cold: location.cold,
  };
  logger.info(
    { encoder: location.label, providers: onnx.providers, dimensions: onnx.dimensions },
    'text encoder loaded',
  );
  return { location, onnx, batched, handle };
}

/** Finishes what was submitted, then closes the ONNX session. */
export async function closeEncoder(encoder: LoadedEncoder): Promise<void> {
  await encoder.batched.close();
  await encoder.onnx.close();
}

/** How long a replaced encoder keeps answering calls that took it just before a swap. */
export const RETIRED_ENCODER_GRACE_MS = 10_000;

/** Replaced encoders, each closed once calls that took it before the swap are done (all at once on stop). */
export class RetiredEncoders {
  private readonly waiting = new Map<LoadedEncoder, NodeJS.Timeout>();

  constructor(
    private readonly logger: Logger,
    private readonly graceMs = RETIRED_ENCODER_GRACE_MS,
  ) {}

  retire(encoder: LoadedEncoder): void {
    const timer = setTimeout(() => {
      this.waiting.delete(encoder);
      void closeEncoder(encoder).catch((error: unknown) =>
        this.logger.warn({ err: error, encoder: encoder.location.label }, 'closing a replaced encoder failed'),
      );
    }, this.graceMs);
    timer.unref();
    this.waiting.set(encoder, timer);
  }

  async closeAll(): Promise<void> {
    for (const [encoder, timer] of this.waiting) {
      clearTimeout(timer);
      this.waiting.delete(encoder);
      await closeEncoder(encoder);
    }
  }
}
