import type { Scope } from './api-key.js';

/**
 * The scope each gRPC method needs, by path. A method missing here needs `admin`, so a new
 * method is closed until someone decides who may call it (a test lists every served method).
 */
export const methodScopes: Readonly<Record<string, Scope>> = {
  '/demand.v1.Collector/Track': 'track',
  '/demand.v1.Collector/TrackBatch': 'track',
  '/demand.v1.Collector/UpsertItems': 'track',
  '/demand.v1.Features/GetItemStats': 'read',
  '/demand.v1.Features/GetUserProfile': 'read',
  '/demand.v1.Features/GetItemProfile': 'read',
  '/demand.v1.Features/ListSegments': 'read',
  '/demand.v1.Features/GetReviewInsights': 'read',
  '/demand.v1.Forecast/ForecastDemand': 'read',
  '/demand.v1.Forecast/ForecastSeries': 'read',
  '/demand.v1.Forecast/PurchasePropensity': 'read',
  '/demand.v1.Forecast/ListDemandMovers': 'read',
  '/demand.v1.TextAnalysis/Embed': 'read',
  '/demand.v1.TextAnalysis/SemanticSearch': 'read',
  '/demand.v1.TextAnalysis/Analyze': 'read',
  '/demand.v1.Recommend/Recommend': 'recommend',
  '/demand.v1.Recommend/SimilarItems': 'recommend',
  '/demand.v1.Feedback/GetModelMetrics': 'read',
  '/demand.v1.Feedback/GetMetricsOverTime': 'read',
  '/demand.v1.Feedback/GetIntentMix': 'read',
  '/demand.v1.Feedback/RequestRetraining': 'admin',
  '/demand.v1.Feedback/SubmitLabels': 'admin',
  '/demand.v1.Privacy/ForgetUser': 'admin',
  '/demand.v1.Privacy/ExportUser': 'admin',
};

/** Probes must reach health checks without a key. */
const publicPrefixes = ['/grpc.health.v1.Health/'];
/** Any valid key may ask what the server offers. */
const anyKeyPrefixes = ['/grpc.reflection.'];

export type MethodAccess = { kind: 'public' } | { kind: 'any-key' } | { kind: 'scope'; scope: Scope };

export function accessFor(methodPath: string): MethodAccess {
  if (publicPrefixes.some((p) => methodPath.startsWith(p))) return { kind: 'public' };
  if (anyKeyPrefixes.some((p) => methodPath.startsWith(p))) return { kind: 'any-key' };
  return { kind: 'scope', scope: methodScopes[methodPath] ?? 'admin' };
}

export function scopesAllow(granted: readonly Scope[], needed: Scope): boolean {
  return granted.includes('admin') || granted.includes(needed);
}
