import type { EncoderConfig } from '../encoder/encoder-config.js';
import type { EncoderModelFiles } from '../encoder/model-directory.adapter.js';
import type { SentenceEncoder } from '../encoder/sentence-encoder.port.js';
import { SENTIMENT_LABELS, sentimentFromRating, type TrainingCorpus } from './corpus.js';
import { encodeHeadArtifact } from '../domain/head-artifact.js';
import { trainDomainEncoder, type DomainEncoderOptions, type DomainEncoderReport } from './train-domain-encoder.js';
import { trainHead, type HeadReport, type LabelledText } from './train-head.js';

/** What to (re)train: the encoder too, or only heads for an encoder that exists. */
export type EncoderSource = { train: true; options?: Partial<DomainEncoderOptions> } | { files: EncoderModelFiles };

export interface TrainedEncoder {
  model: Uint8Array;
  tokenizerText: string;
  config: EncoderConfig;
  report: DomainEncoderReport;
}

export interface TrainedHeadArtifact {
  /** model.json of the head (see head-artifact.ts). */
  artifact: string;
  report: HeadReport;
}

export interface BootstrapResult {
  encoder: TrainedEncoder | undefined;
  sentiment: TrainedHeadArtifact;
  intent: TrainedHeadArtifact;
  corpus: Record<string, unknown>;
  timingsMs: { encoder: number; embedding: number; heads: number };
}

export interface OpenedEncoder extends SentenceEncoder {
  close(): Promise<void>;
}

/**
 * Trains what the embedder needs from a corpus: the domain encoder (unless one is given), then
 * the sentiment head on reviews labelled by their stars and the intent head on labelled
 * customer turns, both on vectors of that encoder. `openEncoder` runs the exported model
 * (ONNX Runtime in the service), so the heads see exactly the vectors they will serve on.
 */
export async function trainBootstrapModels(
  corpus: TrainingCorpus,
  source: EncoderSource,
  openEncoder: (files: EncoderModelFiles) => Promise<OpenedEncoder>,
  seed = 7,
): Promise<BootstrapResult> {
  let started = performance.now();
  let encoder: TrainedEncoder | undefined;
  let files: EncoderModelFiles;
  if ('train' in source) {
    const trained = trainDomainEncoder(corpus, source.options);
    encoder = {
      model: trained.files.model,
      tokenizerText: trained.files.tokenizerText,
      config: trained.files.config,
      report: trained.report,
    };
    files = trained.files;
  } else {
    files = source.files;
  }
  const encoderMs = performance.now() - started;

  started = performance.now();
  const reviews: LabelledText[] = corpus.reviews.map((review) => ({
    text: review.text,
    label: sentimentFromRating(review.rating),
  }));
  const turns: LabelledText[] = corpus.dialogTurns.flatMap((turn) =>
    turn.intent === undefined ? [] : [{ text: turn.text, label: turn.intent }],
  );
  if (reviews.length === 0 || turns.length === 0)
    throw new RangeError(
      `the corpus needs reviews and labelled dialog turns (got ${reviews.length} and ${turns.length})`,
    );
  const opened = await openEncoder(files);
  let reviewVectors: Float32Array[];
  let turnVectors: Float32Array[];
  try {
    reviewVectors = await encodeAll(
      opened,
      reviews.map((r) => r.text),
    );
    turnVectors = await encodeAll(
      opened,
      turns.map((t) => t.text),
    );
  } finally {
    await opened.close();
  }
  const embeddingMs = performance.now() - started;

  started = performance.now();
  const sentiment = trainHead(reviews, reviewVectors, {
    features: 'embedding+lexicon-v1',
    classNames: SENTIMENT_LABELS,
    seed,
  });
  const intent = trainHead(turns, turnVectors, { features: 'embedding', seed });
  return {
    encoder,
    sentiment: { artifact: encodeHeadArtifact('sentiment', sentiment), report: sentiment.report },
    intent: { artifact: encodeHeadArtifact('intent', intent), report: intent.report },
    corpus: corpus.source,
    timingsMs: { encoder: encoderMs, embedding: embeddingMs, heads: performance.now() - started },
  };
}

async function encodeAll(encoder: SentenceEncoder, texts: readonly string[], batchSize = 64): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize)
    vectors.push(...(await encoder.encode(texts.slice(start, start + batchSize))));
  return vectors;
}
