/**
 * The vector-store port: collections of points (a caller-chosen string id, a vector and a JSON
 * payload) searched by cosine similarity with Qdrant-style payload filters. Every adapter keeps
 * the same semantics, checked by one contract test suite (`test/contract.ts`).
 */

export type Distance = 'cosine';

export type PayloadIndexType = 'keyword' | 'integer' | 'float' | 'bool';

export interface PayloadIndexSpec {
  field: string;
  type: PayloadIndexType;
}

export interface CollectionSpec {
  dimensions: number;
  distance: Distance;
  /** Fields that filters use often; Qdrant builds payload indexes for them. */
  payloadIndexes?: PayloadIndexSpec[];
}

export type Payload = Record<string, unknown>;

export type VectorInput = Float32Array | number[];

export interface PointInput {
  /** Any non-empty string; the same id again replaces the point. */
  id: string;
  vector: VectorInput;
  payload: Payload;
}

/** A value matched exactly: strings (keywords), integers or booleans, as in Qdrant. */
export type MatchValue = string | number | boolean;

export interface MatchValueCondition {
  key: string;
  match: { value: MatchValue };
}

export interface MatchAnyCondition {
  key: string;
  match: { any: string[] | number[] };
}

export interface RangeCondition {
  key: string;
  range: { gt?: number; gte?: number; lt?: number; lte?: number };
}

export type FieldCondition = MatchValueCondition | MatchAnyCondition | RangeCondition;

/** A condition is a field condition or a whole nested filter. */
export type Condition = FieldCondition | Filter;

/**
 * Qdrant's filter subset. `must`: every condition holds; `should`: at least one holds (when the
 * list is non-empty); `must_not`: none holds. Keys are payload paths (`a.b`, `tags[].name`); a
 * payload array matches when any element does; a missing field matches no field condition.
 */
export interface Filter {
  must?: Condition[];
  should?: Condition[];
  must_not?: Condition[];
}

export interface SearchRequest {
  vector: VectorInput;
  limit: number;
  filter?: Filter;
  /** Default true; when false, `payload` is `{}`. */
  withPayload?: boolean;
  /** Only points whose score is at least this (cosine similarity, -1..1). */
  scoreThreshold?: number;
}

export interface ScoredPoint {
  id: string;
  /** Cosine similarity: 1 for the same direction, higher is better. */
  score: number;
  payload: Payload;
}

export interface RetrieveOptions {
  /** Default false; when true, each point carries its stored (unit-length) vector. */
  withVector?: boolean;
}

export interface RetrievedPoint {
  id: string;
  payload: Payload;
  vector?: number[];
}

/** Calls with an empty `points` or `ids` list are no-ops that do not reach the engine. */
export interface VectorStore {
  /** Creates the collection when missing; fails if it exists with other dimensions. */
  ensureCollection(name: string, spec: CollectionSpec): Promise<void>;
  upsert(collection: string, points: PointInput[]): Promise<void>;
  /** Best matches first. */
  search(collection: string, request: SearchRequest): Promise<ScoredPoint[]>;
  /** The points that exist, in the order of `ids`. */
  retrieve(collection: string, ids: string[], options?: RetrieveOptions): Promise<RetrievedPoint[]>;
  delete(collection: string, ids: string[]): Promise<void>;
  deleteByFilter(collection: string, filter: Filter): Promise<void>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** Names of every collection in the store, sorted (to erase a user from all of them). */
  listCollections(): Promise<string[]>;
  close(): Promise<void>;
}
