import type { Condition, FieldCondition, Filter, Payload } from '../vector-store.port.js';

/**
 * Evaluates (normalized) Qdrant-style filters against payloads the way Qdrant does: a path
 * like `a.b` walks objects, `tags[].name` walks into array elements, a field holding an array
 * matches when any element matches, and a missing field satisfies no field condition.
 */

export type PayloadPredicate = (payload: Payload) => boolean;

/** Turns a filter into a predicate once, so scanning many payloads does not re-parse paths. */
export function compileFilter(filter: Filter): PayloadPredicate {
  const must = (filter.must ?? []).map(compileCondition);
  const should = (filter.should ?? []).map(compileCondition);
  const mustNot = (filter.must_not ?? []).map(compileCondition);
  return (payload) =>
    must.every((c) => c(payload)) &&
    (should.length === 0 || should.some((c) => c(payload))) &&
    !mustNot.some((c) => c(payload));
}

export function matchesFilter(filter: Filter, payload: Payload): boolean {
  return compileFilter(filter)(payload);
}

function compileCondition(condition: Condition): PayloadPredicate {
  if (!('key' in condition)) return compileFilter(condition);
  const path = parsePath(condition.key);
  const test = compileFieldTest(condition);
  return (payload) => someValueAlong(payload, path, 0, test);
}

function compileFieldTest(condition: FieldCondition): (value: unknown) => boolean {
  if ('range' in condition) {
    const { gt, gte, lt, lte } = condition.range;
    return (v) =>
      typeof v === 'number' &&
      (gt === undefined || v > gt) &&
      (gte === undefined || v >= gte) &&
      (lt === undefined || v < lt) &&
      (lte === undefined || v <= lte);
  }
  const { match } = condition;
  if ('value' in match) return (v) => v === match.value;
  const accepted = new Set<unknown>(match.any);
  return (v) => accepted.has(v);
}

interface PathStep {
  name: string;
  intoArray: boolean;
}

function parsePath(path: string): PathStep[] {
  return path
    .split('.')
    .map((segment) =>
      segment.endsWith('[]') ? { name: segment.slice(0, -2), intoArray: true } : { name: segment, intoArray: false },
    );
}

/** The scalar values found at a payload path (leaf arrays are flattened one level). */
export function valuesAt(payload: Payload, path: string): unknown[] {
  const found: unknown[] = [];
  someValueAlong(payload, parsePath(path), 0, (v) => {
    found.push(v);
    return false;
  });
  return found;
}

/** Whether any value at the path passes `test`; walks without allocating (filters scan every payload). */
function someValueAlong(value: unknown, path: PathStep[], depth: number, test: (value: unknown) => boolean): boolean {
  if (depth === path.length) return Array.isArray(value) ? value.some(test) : test(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { name, intoArray } = path[depth];
  const child = (value as Record<string, unknown>)[name];
  if (child === undefined) return false;
  if (!intoArray) return someValueAlong(child, path, depth + 1, test);
  return Array.isArray(child) && child.some((element) => someValueAlong(element, path, depth + 1, test));
}
