// Scores text models and baselines on the unseen texts (see test-e2e/src/unseen-texts.ts).
import {
  decodeHeadArtifact,
  fuseRankings,
  itemDocument,
  KeywordIndex,
  modelText,
  OnnxTextEncoder,
  predict,
  trainBootstrapModels,
  type TrainingCorpus,
} from '@demand/embedder/training';
import { BertTokenizer } from '@demand/bert-tokenizer';
import type { CatalogItem } from '@demand/testkit';
import { progress } from '../report.js';
import { type CategoryQuery, classifierScores, type LabelledText, leafPrecision } from '@demand/test-e2e';

/** Candidates each ranking passes to the fusion. */
const CANDIDATES = 50;

export interface UnseenSet {
  reviews: LabelledText[];
  turns: LabelledText[];
  queries: CategoryQuery[];
  items: readonly CatalogItem[];
}

/** Trains encoder and heads on `training` as the service does and scores them on the unseen set. */
export async function scoreModels(
  training: TrainingCorpus,
  name: string,
  unseen: UnseenSet,
  options: Parameters<typeof trainBootstrapModels>[3] = {},
) {
  const { reviews, turns, queries, items: catalog } = unseen;
  const quiet = { info: () => undefined, warn: () => undefined };
  const open = (files: Parameters<typeof OnnxTextEncoder.fromFiles>[0]) =>
    OnnxTextEncoder.fromFiles(files, { logger: quiet });
  const started = performance.now();
  const trained = await trainBootstrapModels(training, { train: true }, open, options);
  progress(
    `${name}: trained in ${((performance.now() - started) / 1000).toFixed(1)} s; unknown-token share ` +
      JSON.stringify(
        Object.fromEntries(Object.entries(trained.provenance.unknownTokenShare).map(([k, v]) => [k, +v.toFixed(3)])),
      ),
  );
  const files = trained.encoder!;
  progress(`${name}: unknown-token share of the held-out texts ${JSON.stringify(heldOutUnknownShare(files, unseen))}`);
  const encoder = await open({
    model: files.model,
    tokenizerJson: JSON.parse(files.tokenizerText),
    config: files.config,
  });
  try {
    const sentimentHead = decodeHeadArtifact(trained.sentiment.artifact, 'sentiment', name);
    const intentHead = decodeHeadArtifact(trained.intent.artifact, 'intent', name);
    const classify = async (texts: readonly LabelledText[], head: typeof sentimentHead) => {
      const normalized = texts.map((t) => modelText(t.text));
      const vectors = await encodeAll(encoder, normalized);
      return (text: string) => predict(head, vectors[normalized.indexOf(modelText(text))]!, modelText(text)).label;
    };
    const classifiers = {
      sentiment: await classify(reviews, sentimentHead),
      intent: await classify(turns, intentHead),
    };
    const sentiment = classifierScores(reviews, classifiers.sentiment);
    const intent = classifierScores(turns, classifiers.intent);
    const items = await encodeAll(
      encoder,
      catalog.map((item) => modelText(itemDocument(item))),
    );
    const queryVectors = await encodeAll(
      encoder,
      queries.map((q) => modelText(q.text)),
    );
    const vectorRanking = (q: number) =>
      items
        .map((item, i) => [dot(item, queryVectors[q]!), i] as const)
        .sort((a, b) => b[0] - a[0] || a[1] - b[1])
        .slice(0, CANDIDATES)
        .map(([, i]) => i);
    const keywords = new KeywordIndex();
    catalog.forEach((item, i) => keywords.upsert(String(i), modelText(itemDocument(item))));
    const keywordRanking = (query: string) =>
      keywords.search(modelText(query), CANDIDATES).map((hit) => Number(hit.id));
    const vectorOnly = categoryPrecision(unseen, (_query, q) => vectorRanking(q).slice(0, 10));
    const keywordOnly = categoryPrecision(unseen, (query) => keywordRanking(query).slice(0, 10));
    progress(
      `${name}: search P@10 vector only ${vectorOnly.all.toFixed(3)} (zh ${vectorOnly.zh.toFixed(3)}, en ${vectorOnly.en.toFixed(3)}), ` +
        `subword BM25 only ${keywordOnly.all.toFixed(3)} (zh ${keywordOnly.zh.toFixed(3)}, en ${keywordOnly.en.toFixed(3)})`,
    );
    const search = categoryPrecision(unseen, (query, q) =>
      fuseRankings([{ ids: vectorRanking(q).map(String) }, { ids: keywordRanking(query).map(String) }])
        .slice(0, 10)
        .map(Number),
    );
    return { sentiment, intent, search, classifiers };
  } finally {
    await encoder.close();
  }
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

async function encodeAll(encoder: OnnxTextEncoder, texts: readonly string[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 64) out.push(...(await encoder.encode(texts.slice(i, i + 64))));
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
