// Scores text models and baselines on the unseen texts (see test-e2e/src/unseen-texts.ts).
import {
  decodeHeadArtifact,
  fuseItemRankings,
  itemDocument,
  KeywordIndex,
  modelText,
  type OnnxTextEncoder,
  predict,
  type TextHead,
  trainBootstrapModels,
  type TrainingCorpus,
  type DomainEncoderOptions,
} from '@demand/embedder/training';
import { BertTokenizer } from '@demand/bert-tokenizer';
import type { CatalogItem } from '@demand/testkit';
import { progress } from '../report.js';
import { openQuietly } from './quiet-encoder.js';
import { type CategoryQuery, classifierScores, type LabelledText, leafPrecision } from '@demand/test-e2e';

/** Candidates each ranking passes to the fusion. */
const CANDIDATES = 50;

export interface UnseenSet {
  reviews: LabelledText[];
  turns: LabelledText[];
  queries: CategoryQuery[];
  items: readonly CatalogItem[];
}

export interface UnseenModels {
  /** Each classifier's label for an unseen text (vectors computed once, for every unseen text). */
  classifiers: { sentiment: (text: string) => string; intent: (text: string) => string };
  /** Catalog indices, best first, for an unseen query: each half of the hybrid search and the fusion. */
  rankings: { vector: Ranking; keyword: Ranking; hybrid: Ranking };
  /** The trained heads and each unseen text's vector (by its normalised text), for error analysis. */
  heads: { sentiment: TextHead; intent: TextHead };
  vectorOf: (text: string) => Float32Array;
}
type Ranking = (query: string) => number[];

/**
 * Trains encoder and heads on `training` as the service does and prepares them for every text of
 * `unseen` (encodes them, prints their unknown-token share), so a DEV-only tool passes DEV alone;
 * score them on a part of it with `scoreOn`.
 */
export async function trainForUnseen(
  training: TrainingCorpus,
  name: string,
  unseen: UnseenSet,
  options: Parameters<typeof trainBootstrapModels>[3] = {},
  encoderOptions: Partial<DomainEncoderOptions> = {},
): Promise<UnseenModels> {
  const started = performance.now();
  const trained = await trainBootstrapModels(training, { train: true, options: encoderOptions }, openQuietly, options);
  progress(
    `${name}: trained in ${((performance.now() - started) / 1000).toFixed(1)} s; unknown-token share ` +
      JSON.stringify(
        Object.fromEntries(Object.entries(trained.provenance.unknownTokenShare).map(([k, v]) => [k, +v.toFixed(3)])),
      ),
  );
  const files = trained.encoder!;
  progress(`${name}: unknown-token share of the held-out texts ${JSON.stringify(heldOutUnknownShare(files, unseen))}`);
  const encoder = await openQuietly({
    model: files.model,
    tokenizerJson: JSON.parse(files.tokenizerText),
    config: files.config,
  });
  try {
    const vectors = await vectorsOf(encoder, [
      ...[...unseen.reviews, ...unseen.turns, ...unseen.queries].map((t) => t.text),
      ...unseen.items.map(itemDocument),
    ]);
    const classifier = (head: TextHead) => (text: string) =>
      predict(head, vectors.get(modelText(text))!, modelText(text)).label;
    const itemVectors = unseen.items.map((item) => vectors.get(modelText(itemDocument(item)))!);
    const keywords = new KeywordIndex();
    unseen.items.forEach((item, i) => keywords.upsert(String(i), modelText(itemDocument(item))));
    const vector = (query: string) => {
      const queryVector = vectors.get(modelText(query))!;
      return itemVectors
        .map((item, i) => [dot(item, queryVector), i] as const)
        .sort((a, b) => b[0] - a[0] || a[1] - b[1])
        .slice(0, CANDIDATES)
        .map(([, i]) => i);
    };
    const keyword = (query: string) => keywords.search(modelText(query), CANDIDATES).map((hit) => Number(hit.id));
    const hybrid = (query: string) =>
      fuseItemRankings(vector(query).map(String), keyword(query).map(String)).map(Number);
    const heads = {
      sentiment: decodeHeadArtifact(trained.sentiment.artifact, 'sentiment', name),
      intent: decodeHeadArtifact(trained.intent.artifact, 'intent', name),
    };
    return {
      classifiers: { sentiment: classifier(heads.sentiment), intent: classifier(heads.intent) },
      rankings: { vector, keyword, hybrid },
      heads,
      vectorOf: (text) => vectors.get(modelText(text))!,
    };
  } finally {
    await encoder.close();
  }
}

/** The models' scores on (part of) the unseen set: both classifiers and the three search rankings. */
export function scoreOn(models: UnseenModels, set: UnseenSet) {
  const search = (ranking: Ranking) => categoryPrecision(set, (query) => ranking(query).slice(0, 10));
  return {
    sentiment: classifierScores(set.reviews, models.classifiers.sentiment),
    intent: classifierScores(set.turns, models.classifiers.intent),
    search: search(models.rankings.hybrid),
    vectorOnly: search(models.rankings.vector),
    keywordOnly: search(models.rankings.keyword),
  };
}

/** Share of the held-out texts' tokens the trained encoder's vocabulary maps to its unknown token. */
function heldOutUnknownShare(files: { tokenizerText: string }, unseen: UnseenSet): Record<string, number> {
  const json = JSON.parse(files.tokenizerText) as { model?: { unk_token?: string } };
  const tokenizer = BertTokenizer.fromTokenizerJson(json);
  const unknown = json.model?.unk_token ?? '[UNK]';
  const shares: Record<string, number> = {};
  for (const [kind, texts] of Object.entries({
    review: unseen.reviews,
    dialog_turn: unseen.turns,
    query: unseen.queries,
  })) {
    const tokens = texts.flatMap((text) => tokenizer.tokenize(modelText(text.text)));
    shares[kind] = +(tokens.filter((token) => token === unknown).length / Math.max(1, tokens.length)).toFixed(3);
  }
  return shares;
}

/** Category precision@10 of item rankings (indices into the catalog) on the unseen queries. */
export function categoryPrecision(unseen: UnseenSet, rank: (query: string, index: number) => number[]) {
  return leafPrecision(unseen.queries, (query, q) => rank(query, q).map((i) => unseen.items[i]?.categoryPath[2] ?? ''));
}

/** Vectors of the texts (after modelText), keyed by the normalised text. */
export async function vectorsOf(
  encoder: OnnxTextEncoder,
  texts: readonly string[],
): Promise<Map<string, Float32Array>> {
  const distinct = [...new Set(texts.map(modelText))];
  const out = new Map<string, Float32Array>();
  for (let i = 0; i < distinct.length; i += 64) {
    const batch = distinct.slice(i, i + 64);
    (await encoder.encode(batch)).forEach((vector, j) => out.set(batch[j] as string, vector));
  }
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
