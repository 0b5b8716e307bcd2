import type {
  AnalyzeRequest,
  AnalyzeResponse,
  EmbedRequest,
  EmbedResponse,
  SearchHit,
  SemanticSearchRequest,
  SemanticSearchResponse,
  TextEntity,
} from '@demand/contracts';
import { TextKind } from '@demand/contracts';
import { createEntityExtractor, detectLanguage, type EntityExtractor } from '@demand/text';
import type { Filter, Payload, ScoredPoint, VectorStore } from '@demand/vector-store';
import type { EncoderHandle, TextModels } from '../ports/text-models.port.js';
import type { CatalogTerms } from './catalog-terms.js';
import { collectionName, indexedKindOf, textKindOf, type Collections } from './collections.js';
import { asCallerError, invalidArgument } from './embedder-error.js';
import { fuseItemRankings, type KeywordIndex } from './keyword-ranking.js';
import { modelText } from './model-text.js';
import { toVectorFilter } from './search-filter.js';
import { predict } from './text-heads.js';

export interface TextAnalysisLimits {
  /** Texts per Embed call. */
  maxTexts: number;
  /** Characters per text (Embed, Analyze). */
  maxTextChars: number;
  maxQueryChars: number;
  maxResults: number;
}

export const DEFAULT_LIMITS: TextAnalysisLimits = {
  maxTexts: 256,
  maxTextChars: 10_000,
  maxQueryChars: 1_000,
  maxResults: 100,
};

export interface TextAnalystDeps {
  models: TextModels;
  store: VectorStore;
  collections: Collections;
  catalog: CatalogTerms;
  /** Every catalog item's document: item searches fuse its word-match ranking with the vector ranking. */
  keywords?: KeywordIndex;
  limits?: TextAnalysisLimits;
}

/** Candidates each ranking of a hybrid item search passes to the fusion. */
export const HYBRID_CANDIDATES = 50;

/** What the TextAnalysis gRPC service does: vectors, semantic search, and what a text says. */
export class TextAnalyst {
  private readonly limits: TextAnalysisLimits;
  private extractor: { version: number; extractor: EntityExtractor } | undefined;

  constructor(private readonly deps: TextAnalystDeps) {
    this.limits = deps.limits ?? DEFAULT_LIMITS;
  }

  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    const { texts } = request;
    if (texts.length === 0) throw invalidArgument('texts', 'must not be empty');
    if (texts.length > this.limits.maxTexts)
      throw invalidArgument('texts', `at most ${this.limits.maxTexts} texts per call (got ${texts.length})`);
    texts.forEach((text, i) => this.checkText(`texts[${i}]`, text, this.limits.maxTextChars));
    const handle = this.deps.models.encoder();
    const vectors = await encode(handle, texts.map(modelText));
    return {
      embeddings: vectors.map((vector) => ({ values: Array.from(vector) })),
      dimensions: handle.dimensions,
      encoderVersion: handle.version,
      cold: handle.cold ?? false,
    };
  }

  async semanticSearch(request: SemanticSearchRequest): Promise<SemanticSearchResponse> {
    this.checkText('query', request.query, this.limits.maxQueryChars);
    const kind = request.kind === TextKind.TEXT_KIND_UNSPECIFIED ? 'item' : indexedKindOf(request.kind);
    if (kind === undefined)
      throw invalidArgument('kind', `must be one of ITEM, REVIEW, QUERY, DIALOG_TURN (got ${request.kind})`);
    const limit = request.limit === 0 ? 10 : request.limit;
    if (limit > this.limits.maxResults)
      throw invalidArgument('limit', `at most ${this.limits.maxResults} (got ${limit})`);
    if (!(request.minScore >= -1 && request.minScore <= 1))
      throw invalidArgument('min_score', `must be within -1..1 (got ${request.minScore})`);
    const filter = toVectorFilter(request.filters);
    const handle = this.deps.models.encoder();
    await this.deps.collections.ensure(handle.tag, handle.dimensions);
    const query = modelText(request.query);
    const [vector] = await encode(handle, [query]);
    const collection = collectionName(kind, handle.tag);
    const search = (size: number, filter: Filter | undefined) =>
      this.deps.store.search(collection, {
        vector: vector as Float32Array,
        limit: size,
        ...(filter ? { filter } : {}),
        ...(request.minScore !== 0 ? { scoreThreshold: request.minScore } : {}),
      });
    const keywords = kind === 'item' ? this.deps.keywords : undefined;
    const hits = keywords ? await hybridSearch(query, limit, keywords, filter, search) : await search(limit, filter);
    return {
      hits: hits.map((hit) => toSearchHit(hit.id, hit.score, textKindOf(kind), hit.payload)),
      encoderVersion: handle.version,
      cold: handle.cold ?? false,
    };
  }

  async analyze(request: AnalyzeRequest): Promise<AnalyzeResponse> {
    this.checkText('text', request.text, this.limits.maxTextChars);
    const handle = this.deps.models.encoder();
    const heads = this.deps.models.heads();
    const text = modelText(request.text);
    const [vector] = await encode(handle, [text]);
    const sentiment = predict(heads.sentiment, vector as Float32Array, text);
    const intent = predict(heads.intent, vector as Float32Array, text);
    return {
      sentiment,
      intent,
      entities: this.entities(request.text),
      language: detectLanguage(request.text),
      encoderVersion: handle.version,
      cold: (handle.cold ?? false) || sentiment.cold || intent.cold,
    };
  }

  private entities(text: string): TextEntity[] {
    const { catalog } = this.deps;
    if (this.extractor?.version !== catalog.version)
      this.extractor = { version: catalog.version, extractor: createEntityExtractor(catalog.dictionary()) };
    return this.extractor.extractor.extract(text).map((entity) => ({
      kind: entity.kind,
      value: entity.value,
      normalized: entity.normalized ?? '',
      start: entity.start,
      end: entity.end,
      attribute: entity.attribute ?? '',
    }));
  }

  private checkText(field: string, text: string, maxChars: number): void {
    if (text.trim().length === 0) throw invalidArgument(field, 'must not be empty');
    if (text.length > maxChars) throw invalidArgument(field, `at most ${maxChars} characters (got ${text.length})`);
  }
}

/**
 * The vector ranking and the word-match ranking (BM25 over search terms) fused by reciprocal rank:
 * each passes its best HYBRID_CANDIDATES; the word matches are looked up in the vector store
 * under the same filters, so every hit honours them and carries its cosine score.
 */
async function hybridSearch(
  query: string,
  limit: number,
  keywords: KeywordIndex,
  filter: Filter | undefined,
  search: (size: number, filter: Filter | undefined) => Promise<ScoredPoint[]>,
): Promise<ScoredPoint[]> {
  const size = Math.max(limit, HYBRID_CANDIDATES);
  const matchedIds = keywords.search(query, size).map((hit) => hit.id);
  const [byVector, byWords] = await Promise.all([
    search(size, filter),
    matchedIds.length > 0
      ? search(matchedIds.length, {
          ...filter,
          must: [...(filter?.must ?? []), { key: 'item_id', match: { any: matchedIds } }],
        })
      : Promise.resolve([]),
  ]);
  const points = new Map([...byVector, ...byWords].map((hit) => [hit.id, hit]));
  const found = new Set(byWords.map((hit) => hit.id));
  return fuseItemRankings(
    byVector.map((hit) => hit.id),
    matchedIds.filter((id) => found.has(id)),
  )
    .slice(0, limit)
    .map((id) => points.get(id) as ScoredPoint);
}

async function encode(handle: EncoderHandle, texts: readonly string[]): Promise<Float32Array[]> {
  try {
    return await handle.encoder.encode(texts);
  } catch (error) {
    throw asCallerError(error);
  }
}

function toSearchHit(id: string, score: number, kind: TextKind, payload: Payload): SearchHit {
  const text = (key: string): string => (typeof payload[key] === 'string' ? (payload[key] as string) : '');
  const number = (key: string): number => (typeof payload[key] === 'number' ? (payload[key] as number) : 0);
  const path = payload['category_path'];
  return {
    id,
    score,
    kind,
    text: text('text'),
    itemId: text('item_id'),
    categoryPath: Array.isArray(path) ? path.filter((p): p is string => typeof p === 'string') : [],
    brand: text('brand'),
    price: number('price'),
    rating: number('rating'),
    language: text('language'),
    sentiment: text('sentiment'),
    intent: text('intent'),
    conversationId: text('conversation_id'),
  };
}
