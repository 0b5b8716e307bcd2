import type { CollectionSpec, Condition, Filter, PointInput, SearchRequest, VectorInput } from './vector-store.port.js';
import { invalidArgument, type VectorStoreError } from './vector-store.error.js';

/**
 * Input checks shared by every adapter, so that a bad request fails the same way (an
 * INVALID_ARGUMENT error) whichever engine sits behind the port.
 */

/** Payload key under which the Qdrant adapter keeps the caller's id; callers may not use it. */
export const RESERVED_PAYLOAD_KEY = '__point_id';

const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const PAYLOAD_INDEX_TYPES = new Set(['keyword', 'integer', 'float', 'bool']);
const MAX_DIMENSIONS = 65_536;
const MAX_LIMIT = 10_000;

export function checkCollectionName(name: string): void {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw invalidArgument(
      `invalid collection name ${JSON.stringify(name)}: use letters, digits, '_', '-', '.' (at most 128)`,
    );
  }
}

export function checkCollectionSpec(spec: CollectionSpec): void {
  if (!Number.isInteger(spec?.dimensions) || spec.dimensions < 1 || spec.dimensions > MAX_DIMENSIONS) {
    throw invalidArgument(`dimensions must be an integer in 1..${MAX_DIMENSIONS}, got ${String(spec?.dimensions)}`);
  }
  if (spec.distance !== 'cosine')
    throw invalidArgument(`unsupported distance ${JSON.stringify(spec.distance)}: only 'cosine'`);
  for (const index of spec.payloadIndexes ?? []) {
    if (typeof index?.field !== 'string' || index.field === '')
      throw invalidArgument('payload index field must be a non-empty string');
    if (!PAYLOAD_INDEX_TYPES.has(index.type))
      throw invalidArgument(`unsupported payload index type ${JSON.stringify(index.type)}`);
  }
}

/** Checks the ids and returns them without repeats, first occurrence first. */
export function checkIds(ids: string[]): string[] {
  if (!Array.isArray(ids)) throw invalidArgument('ids must be an array of strings');
  for (const id of ids) {
    if (typeof id !== 'string' || id === '') throw invalidArgument('point ids must be non-empty strings');
  }
  return [...new Set(ids)];
}

/** A filter for deleting: like `normalizeFilter`, but one that matches every point is refused. */
export function checkDeleteFilter(filter: Filter): Filter {
  const normalized = normalizeFilter(filter);
  if (Object.keys(normalized).length === 0)
    throw invalidArgument('deleteByFilter needs at least one condition; an empty filter would delete every point');
  return normalized;
}

/** Checks the points and keeps the last one given for each id, as a replacing upsert would. */
export function checkPoints(points: PointInput[]): PointInput[] {
  if (!Array.isArray(points)) throw invalidArgument('points must be an array');
  const byId = new Map<string, PointInput>();
  for (const point of points) {
    if (typeof point?.id !== 'string' || point.id === '') throw invalidArgument('point ids must be non-empty strings');
    checkVector(point.vector, `vector of point ${JSON.stringify(point.id)}`);
    const payload = point.payload;
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw invalidArgument(`payload of point ${JSON.stringify(point.id)} must be an object`);
    }
    if (RESERVED_PAYLOAD_KEY in payload) throw invalidArgument(`payload key "${RESERVED_PAYLOAD_KEY}" is reserved`);
    byId.delete(point.id);
    byId.set(point.id, point);
  }
  return [...byId.values()];
}

export function checkVector(vector: VectorInput, what = 'vector'): void {
  if (!(vector instanceof Float32Array) && !Array.isArray(vector))
    throw invalidArgument(`${what} must be a Float32Array or a number[]`);
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i];
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw invalidArgument(`${what} has a non-finite component at ${i}`);
  }
}

export function dimensionMismatch(expected: number, got: number): VectorStoreError {
  return invalidArgument(`vector dimension error: expected dim ${expected}, got ${got}`);
}

/** Checks the request and returns its filter with empty clauses removed (see `normalizeFilter`). */
export function checkSearchRequest(request: SearchRequest): Filter | undefined {
  checkVector(request?.vector, 'query vector');
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_LIMIT) {
    throw invalidArgument(`limit must be an integer in 1..${MAX_LIMIT}, got ${String(request.limit)}`);
  }
  if (request.scoreThreshold !== undefined && !Number.isFinite(request.scoreThreshold)) {
    throw invalidArgument('scoreThreshold must be a finite number');
  }
  return request.filter === undefined ? undefined : normalizeFilter(request.filter);
}

/**
 * Validates a filter and drops empty `must`/`should`/`must_not` lists, so that "an empty list
 * means no constraint" holds on every engine.
 */
export function normalizeFilter(filter: Filter): Filter {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter))
    throw invalidArgument('filter must be an object');
  const unknown = Object.keys(filter).filter((k) => k !== 'must' && k !== 'should' && k !== 'must_not');
  if (unknown.length > 0) throw invalidArgument(`unsupported filter clause(s): ${unknown.join(', ')}`);
  const normalized: Filter = {};
  for (const clause of ['must', 'should', 'must_not'] as const) {
    const conditions = filter[clause];
    if (conditions === undefined) continue;
    if (!Array.isArray(conditions)) throw invalidArgument(`filter.${clause} must be an array`);
    if (conditions.length > 0) normalized[clause] = conditions.map(normalizeCondition);
  }
  return normalized;
}

function normalizeCondition(condition: Condition): Condition {
  if (condition === null || typeof condition !== 'object') throw invalidArgument('filter condition must be an object');
  if (!('key' in condition)) return normalizeFilter(condition);
  const { key } = condition;
  if (typeof key !== 'string' || key === '') throw invalidArgument('condition key must be a non-empty string');
  if ('match' in condition && condition.match && typeof condition.match === 'object') {
    const match = condition.match as { value?: unknown; any?: unknown };
    if ('value' in match) {
      const v = match.value;
      if (typeof v !== 'string' && typeof v !== 'boolean' && !Number.isSafeInteger(v)) {
        throw invalidArgument(`match.value on "${key}" must be a string, an integer or a boolean`);
      }
      return { key, match: { value: v as string | number | boolean } };
    }
    if ('any' in match) {
      const any = match.any;
      const strings = Array.isArray(any) && any.every((v) => typeof v === 'string');
      const integers = Array.isArray(any) && any.every((v) => Number.isSafeInteger(v));
      if (!strings && !integers) throw invalidArgument(`match.any on "${key}" must be strings or integers`);
      return { key, match: { any: [...(any as string[])] } };
    }
  }
  if ('range' in condition && condition.range && typeof condition.range === 'object') {
    const range: { gt?: number; gte?: number; lt?: number; lte?: number } = {};
    for (const bound of ['gt', 'gte', 'lt', 'lte'] as const) {
      const value = condition.range[bound];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw invalidArgument(`range.${bound} on "${key}" must be a finite number`);
      range[bound] = value;
    }
    return { key, range };
  }
  throw invalidArgument(`condition on "${key}" needs match.value, match.any or range`);
}
