import type { SentenceEncoder } from '@demand/onnx-encoder';
import type { TextHeads } from '../domain/text-heads.js';

/** The encoder in service: batched, with the version callers see and a short tag for names. */
export interface EncoderHandle {
  readonly encoder: SentenceEncoder;
  /** e.g. "text-encoder@3#1a2b3c4d", or "dir:/models/bge-small-zh#9f8e7d6c". */
  readonly version: string;
  /** First 8 hex digits of the encoder's fingerprint (model, tokenizer and config files). */
  readonly tag: string;
  readonly dimensions: number;
  /** Trained on something other than enough of the shop's own data. */
  readonly cold?: boolean;
}

/**
 * What the domain needs from the models' lifecycle. Both methods throw EmbedderError
 * UNAVAILABLE (with the reason) while the models are loading or being trained.
 */
export interface TextModels {
  encoder(): EncoderHandle;
  heads(): TextHeads;
}
