import { QdrantClient, type Schemas } from '@qdrant/js-client-rest';
import type {
  CollectionSpec,
  Filter,
  Payload,
  PointInput,
  RetrievedPoint,
  RetrieveOptions,
  ScoredPoint,
  SearchRequest,
  VectorStore,
} from '../vector-store.port.js';
import { VectorStoreError } from '../vector-store.error.js';
import {
  RESERVED_PAYLOAD_KEY,
  checkCollectionName,
  checkCollectionSpec,
  checkDeleteFilter,
  checkIds,
  checkPoints,
  checkSearchRequest,
  normalizeFilter,
} from '../validation.js';
import { httpStatusOf, toVectorStoreError } from './qdrant-errors.js';
import { pointUuid } from './point-uuid.js';

export interface QdrantVectorStoreOptions {
  /** e.g. http://qdrant:6333 */
  url: string;
  apiKey?: string;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Points per upsert request (default 256). */
  upsertBatchSize?: number;
}

/**
 * The production adapter: Qdrant over its REST client. Caller ids become name-based UUIDs
 * (`pointUuid`) and travel in the payload under `__point_id`, so results carry the caller's id.
 * Writes wait for Qdrant to apply them (`wait=true`).
 */
export class QdrantVectorStore implements VectorStore {
  private readonly client: QdrantClient;
  private readonly upsertBatchSize: number;

  constructor(options: QdrantVectorStoreOptions) {
    this.client = new QdrantClient({
      url: options.url,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 30_000,
      checkCompatibility: false,
    });
    this.upsertBatchSize = options.upsertBatchSize ?? 256;
  }

  async ensureCollection(name: string, spec: CollectionSpec): Promise<void> {
    checkCollectionName(name);
    checkCollectionSpec(spec);
    const action = `ensure collection "${name}"`;
    const { exists } = await this.call(action, () => this.client.collectionExists(name));
    const created = !exists && (await this.createCollection(name, spec));
    let indexed = new Set<string>();
    if (!created) {
      const info = await this.call(action, () => this.client.getCollection(name));
      checkVectorConfig(name, info.config.params.vectors, spec);
      indexed = new Set(Object.keys(info.payload_schema ?? {}));
    }
    for (const index of spec.payloadIndexes ?? []) {
      if (indexed.has(index.field)) continue;
      await this.call(action, () =>
        this.client.createPayloadIndex(name, { field_name: index.field, field_schema: index.type, wait: true }),
      );
    }
  }

  async upsert(collection: string, points: PointInput[]): Promise<void> {
    checkCollectionName(collection);
    const unique = checkPoints(points);
    for (let start = 0; start < unique.length; start += this.upsertBatchSize) {
      const batch = unique.slice(start, start + this.upsertBatchSize).map((p) => ({
        id: pointUuid(p.id),
        vector: Array.from(p.vector),
        payload: { ...p.payload, [RESERVED_PAYLOAD_KEY]: p.id },
      }));
      await this.call(`upsert into "${collection}"`, () =>
        this.client.upsert(collection, { wait: true, points: batch }),
      );
    }
  }

  async search(collection: string, request: SearchRequest): Promise<ScoredPoint[]> {
    checkCollectionName(collection);
    const filter = checkSearchRequest(request);
    const withPayload = request.withPayload ?? true;
    const result = await this.call(`search "${collection}"`, () =>
      this.client.query(collection, {
        query: Array.from(request.vector),
        limit: request.limit,
        filter: filter as Schemas['Filter'] | undefined,
        score_threshold: request.scoreThreshold,
        with_payload: withPayload ? true : [RESERVED_PAYLOAD_KEY],
      }),
    );
    return result.points.map((point) => {
      const { id, payload } = fromQdrantPayload(point.id, point.payload);
      return { id, score: point.score, payload: withPayload ? payload : {} };
    });
  }

  async retrieve(collection: string, ids: string[], options: RetrieveOptions = {}): Promise<RetrievedPoint[]> {
    checkCollectionName(collection);
    const unique = checkIds(ids);
    if (unique.length === 0) return [];
    const records = await this.call(`retrieve from "${collection}"`, () =>
      this.client.retrieve(collection, {
        ids: unique.map(pointUuid),
        with_payload: true,
        with_vector: options.withVector ?? false,
      }),
    );
    const byId = new Map<string, RetrievedPoint>();
    for (const record of records) {
      const point: RetrievedPoint = fromQdrantPayload(record.id, record.payload);
      if (options.withVector && Array.isArray(record.vector)) point.vector = record.vector as number[];
      byId.set(point.id, point);
    }
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  async delete(collection: string, ids: string[]): Promise<void> {
    checkCollectionName(collection);
    const unique = checkIds(ids);
    if (unique.length === 0) return;
    await this.call(`delete from "${collection}"`, () =>
      this.client.delete(collection, { wait: true, points: unique.map(pointUuid) }),
    );
  }

  async deleteByFilter(collection: string, filter: Filter): Promise<void> {
    checkCollectionName(collection);
    const normalized = checkDeleteFilter(filter) as Schemas['Filter'];
    await this.call(`delete by filter from "${collection}"`, () =>
      this.client.delete(collection, { wait: true, filter: normalized }),
    );
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    checkCollectionName(collection);
    const normalized = filter === undefined ? undefined : (normalizeFilter(filter) as Schemas['Filter']);
    const { count } = await this.call(`count "${collection}"`, () =>
      this.client.count(collection, { filter: normalized, exact: true }),
    );
    return count;
  }

  async listCollections(): Promise<string[]> {
    const { collections } = await this.call('list collections', () => this.client.getCollections());
    return collections.map((c) => c.name).sort();
  }

  /** The REST client holds no resources that need releasing. */
  async close(): Promise<void> {}

  /** Creates the collection; false when another writer created it first (HTTP 409). */
  private async createCollection(name: string, spec: CollectionSpec): Promise<boolean> {
    try {
      await this.client.createCollection(name, { vectors: { size: spec.dimensions, distance: 'Cosine' } });
      return true;
    } catch (error) {
      if (httpStatusOf(error) === 409) return false;
      throw toVectorStoreError(error, `create collection "${name}"`);
    }
  }

  private async call<T>(action: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toVectorStoreError(error, action);
    }
  }
}

function checkVectorConfig(name: string, vectors: Schemas['VectorsConfig'] | undefined, spec: CollectionSpec): void {
  const single = vectors as { size?: unknown; distance?: unknown } | undefined;
  if (typeof single?.size !== 'number') {
    throw new VectorStoreError('FAILED_PRECONDITION', `collection "${name}" exists without a single unnamed vector`);
  }
  if (single.size !== spec.dimensions || single.distance !== 'Cosine') {
    throw new VectorStoreError(
      'FAILED_PRECONDITION',
      `collection "${name}" exists with ${single.size} dimensions (${String(single.distance)}), not ${spec.dimensions} (Cosine)`,
    );
  }
}

/** The caller's id and payload from a stored Qdrant payload (ids of foreign points as Qdrant has them). */
function fromQdrantPayload(
  qdrantId: string | number,
  stored: Schemas['Payload'] | null | undefined,
): { id: string; payload: Payload } {
  const { [RESERVED_PAYLOAD_KEY]: originalId, ...payload } = (stored ?? {}) as Payload;
  return { id: typeof originalId === 'string' ? originalId : String(qdrantId), payload };
}
