import { BertTokenizer } from '@demand/bert-tokenizer';
import { decodeHeadArtifact, encodeHeadArtifact, type HeadTask } from '../domain/head-artifact.js';
import type { FeatureSet } from '../domain/head-features.js';
import { modelText } from '../domain/model-text.js';
import { predict } from '../domain/text-heads.js';
import type { EncoderConfig } from '@demand/onnx-encoder';
import type { EncoderModelFiles } from '@demand/onnx-encoder';
import type { SentenceEncoder } from '@demand/onnx-encoder';
import {
  inCanonicalOrder,
  SENTIMENT_LABELS,
  sentimentFromRating,
  trainingSetHash,
  type CorpusSource,
  type DataWindow,
  type TrainingCorpus,
} from './corpus.js';
import { genericSeedCorpus } from './generic-seed.js';
import { scoreLabels, unknownTokenShare } from './holdout-score.js';
import { trainDomainEncoder, type DomainEncoderOptions, type DomainEncoderReport } from './train-domain-encoder.js';
import { trainHead, type HeadReport, type LabelledText, type TrainedHead } from './train-head.js';

/** What each head reads beside the text's vector. */
export const DEFAULT_HEAD_FEATURES: Record<HeadTask, FeatureSet> = {
  sentiment: 'embedding+lexicon-v3',
  intent: 'embedding+subwords',
};

/**
 * The expert multiplied into each head: a model on general vocabulary alone (sentiment: the
 * lexicon and word polarity; intent: the intent lexicon), which means the same in the shop's texts
 * and in texts phrased unlike them, where the vector and subword model leans on the shop's own words.
 */
export const DEFAULT_HEAD_EXPERTS: Partial<Record<HeadTask, FeatureSet>> = {
  sentiment: 'lexicon-v3',
  intent: 'intent-lexicon-v1',
};

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
  /** The champion's scores on this head's holdout, when a champion was given. */
  champion?: { version: string; accuracy: number; macroF1: number };
  /** model.json of each further member fitted with `members` above one: never published (text-dev-sweep.ts). */
  otherMembers?: string[];
}

/** What every version trained from a corpus records about its data. */
export interface TrainingProvenance {
  source: CorpusSource;
  window: DataWindow;
  trainingSetHash: string;
  counts: { items: number; reviews: number; queries: number; dialogTurns: number; labelledTurns: number };
  /** Share of tokens the encoder's vocabulary did not know, per text kind. */
  unknownTokenShare: Record<string, number>;
}

export interface BootstrapResult {
  encoder: TrainedEncoder | undefined;
  sentiment: TrainedHeadArtifact;
  intent: TrainedHeadArtifact;
  provenance: TrainingProvenance;
  timingsMs: { encoder: number; embedding: number; heads: number };
}

export interface OpenedEncoder extends SentenceEncoder {
  close(): Promise<void>;
}

/** The heads in service (model.json and version), scored on the new holdout beside the challenger. */
export type Champions = Partial<Record<HeadTask, { version: string; artifact: string }>>;

/** Every text of the corpus through modelText, the normalisation serving applies, in canonical order. */
export function normalizedCorpus(corpus: TrainingCorpus): TrainingCorpus {
  return inCanonicalOrder({
    ...corpus,
    items: corpus.items.map(modelText),
    reviews: corpus.reviews.map((review) => ({ ...review, text: modelText(review.text) })),
    queries: corpus.queries.map((query) => ({
      text: modelText(query.text),
      ...(query.clickedItems ? { clickedItems: query.clickedItems.map(modelText) } : {}),
    })),
    dialogTurns: corpus.dialogTurns.map((turn) => ({ ...turn, text: modelText(turn.text) })),
  });
}

/**
 * Trains what the embedder needs from a corpus: the domain encoder (unless one is given), then
 * the sentiment head on reviews (operator labels, else their stars) and the intent head on
 * labelled customer turns, both on vectors of that encoder. `openEncoder` runs the exported
 * model (ONNX Runtime in the service), so the heads see exactly the vectors they will serve on.
 * Champions given (heads-only retraining) are scored on the same holdout as the new heads.
 */
export async function trainBootstrapModels(
  rawCorpus: TrainingCorpus,
  source: EncoderSource,
  openEncoder: (files: EncoderModelFiles) => Promise<OpenedEncoder>,
  options: {
    seed?: number;
    champions?: Champions;
    prior?: TrainingCorpus | null;
    features?: Partial<Record<HeadTask, FeatureSet>>;
    /** null: no expert. */
    experts?: Partial<Record<HeadTask, FeatureSet | null>>;
    /** Members fitted per head (train-head.ts `members`, default 1): the first is the head, the others kept apart. */
    members?: Partial<Record<HeadTask, number>>;
  } = {},
): Promise<BootstrapResult> {
  const seed = options.seed ?? 7;
  const corpus = normalizedCorpus(rawCorpus);
  // The generic seed's labelled examples stay beside the shop's: phrasings the shop has not used yet.
  const prior =
    options.prior === undefined
      ? corpus.source.kind === 'generic-seed'
        ? undefined
        : normalizedCorpus(genericSeedCorpus())
      : options.prior === null
        ? undefined
        : normalizedCorpus(options.prior);
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
  const reviews = labelledReviews(corpus);
  const turns = labelledTurns(corpus);
  if (reviews.length === 0 || turns.length === 0)
    throw new RangeError(
      `the corpus needs reviews and labelled dialog turns (got ${reviews.length} and ${turns.length})`,
    );
  const priorReviews = prior ? labelledReviews(prior) : [];
  const priorTurns = prior ? labelledTurns(prior) : [];
  const opened = await openEncoder(files);
  let reviewVectors: Float32Array[];
  let turnVectors: Float32Array[];
  let priorVectors: { reviews: Float32Array[]; turns: Float32Array[] };
  try {
    reviewVectors = await encodeAll(
      opened,
      reviews.map((r) => r.text),
    );
    turnVectors = await encodeAll(
      opened,
      turns.map((t) => t.text),
    );
    priorVectors = {
      reviews: await encodeAll(
        opened,
        priorReviews.map((r) => r.text),
      ),
      turns: await encodeAll(
        opened,
        priorTurns.map((t) => t.text),
      ),
    };
  } finally {
    await opened.close();
  }
  const embeddingMs = performance.now() - started;

  started = performance.now();
  const sentiment = trainHead(reviews, reviewVectors, {
    features: options.features?.sentiment ?? DEFAULT_HEAD_FEATURES.sentiment,
    classNames: SENTIMENT_LABELS,
    seed,
    ...membersOf('sentiment', options.members),
    ...expertOf('sentiment', options.experts),
    prior: { examples: priorReviews, vectors: priorVectors.reviews },
  });
  const intent = trainHead(turns, turnVectors, {
    features: options.features?.intent ?? DEFAULT_HEAD_FEATURES.intent,
    seed,
    ...membersOf('intent', options.members),
    ...expertOf('intent', options.experts),
    prior: { examples: priorTurns, vectors: priorVectors.turns },
  });
  const scoreChampion = (task: HeadTask, examples: LabelledText[], vectors: Float32Array[], holdout: number[]) => {
    const champion = options.champions?.[task];
    if (!champion) return {};
    const head = decodeHeadArtifact(champion.artifact, task, champion.version);
    const predicted = holdout.map(
      (i) => predict(head, vectors[i] as Float32Array, (examples[i] as LabelledText).text).label,
    );
    const truth = holdout.map((i) => (examples[i] as LabelledText).label);
    return { champion: { version: champion.version, ...scoreLabels(truth, predicted) } };
  };
  return {
    encoder,
    sentiment: {
      artifact: encodeHeadArtifact('sentiment', sentiment),
      report: sentiment.report,
      ...scoreChampion('sentiment', reviews, reviewVectors, sentiment.holdout),
      ...otherMemberArtifacts('sentiment', sentiment),
    },
    intent: {
      artifact: encodeHeadArtifact('intent', intent),
      report: intent.report,
      ...scoreChampion('intent', turns, turnVectors, intent.holdout),
      ...otherMemberArtifacts('intent', intent),
    },
    provenance: {
      source: corpus.source,
      window: corpus.window,
      trainingSetHash: trainingSetHash(corpus),
      counts: {
        items: corpus.items.length,
        reviews: corpus.reviews.length,
        queries: corpus.queries.length,
        dialogTurns: corpus.dialogTurns.length,
        labelledTurns: turns.length,
      },
      unknownTokenShare: unknownShares(files, corpus),
    },
    timingsMs: { encoder: encoderMs, embedding: embeddingMs, heads: performance.now() - started },
  };
}

function expertOf(task: HeadTask, chosen: Partial<Record<HeadTask, FeatureSet | null>> | undefined) {
  const expert = chosen?.[task] === undefined ? DEFAULT_HEAD_EXPERTS[task] : chosen[task];
  return expert ? { expert } : {};
}

function membersOf(task: HeadTask, chosen: Partial<Record<HeadTask, number>> | undefined) {
  return chosen?.[task] === undefined ? {} : { members: chosen[task] };
}

function otherMemberArtifacts(task: HeadTask, head: TrainedHead) {
  if (head.otherMembers.length === 0) return {};
  return { otherMembers: head.otherMembers.map((member) => encodeHeadArtifact(task, { ...head, ...member })) };
}

function labelledReviews(corpus: TrainingCorpus): LabelledText[] {
  return corpus.reviews.map((review) => ({
    text: review.text,
    label: review.sentiment ?? sentimentFromRating(review.rating),
  }));
}

function labelledTurns(corpus: TrainingCorpus): LabelledText[] {
  return corpus.dialogTurns.flatMap((turn) =>
    turn.intent === undefined ? [] : [{ text: turn.text, label: turn.intent }],
  );
}

function unknownShares(files: EncoderModelFiles, corpus: TrainingCorpus): Record<string, number> {
  const tokenizer = BertTokenizer.fromTokenizerJson(files.tokenizerJson);
  const unknown = (files.tokenizerJson as { model?: { unk_token?: string } }).model?.unk_token ?? '[UNK]';
  return unknownTokenShare(
    {
      item: corpus.items,
      review: corpus.reviews.map((r) => r.text),
      query: corpus.queries.map((q) => q.text),
      dialog_turn: corpus.dialogTurns.map((t) => t.text),
    },
    (text) => tokenizer.tokenize(text),
    unknown,
  );
}

async function encodeAll(encoder: SentenceEncoder, texts: readonly string[], batchSize = 64): Promise<Float32Array[]> {
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize)
    vectors.push(...(await encoder.encode(texts.slice(start, start + batchSize))));
  return vectors;
}
