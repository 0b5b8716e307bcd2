import type { FeaturesUpdated, SegmentList, UserProfile as UserProfileMessage } from '@demand/contracts';
import type { RfmScores, Segment, UserProfile } from '@demand/segments';
import type { SegmentationVersion } from './profiles.js';

export interface UserMessageContext {
  /** Categories and brands returned. */
  top: number;
  score: RfmScores;
  segmentId: number | undefined;
  segment: Segment | undefined;
}

/** A user profile as `GetUserProfile` answers it. */
export function userProfileMessage(p: UserProfile, context: UserMessageContext): UserProfileMessage {
  const { top, score, segmentId, segment } = context;
  const hours = p.activity.hours;
  return {
    userId: p.userId,
    asOf: p.asOf,
    recencyDays: Number.isFinite(p.rfm.recencyDays) ? p.rfm.recencyDays : undefined,
    frequency: p.rfm.frequency,
    monetary: p.rfm.monetary,
    rScore: score.r,
    fScore: score.f,
    mScore: score.m,
    topCategories: topOf(p.categories, top),
    topBrands: topOf(p.brands, top),
    brandConcentration: p.brandConcentration,
    categoryConcentration: p.categoryConcentration,
    priceBand: p.price?.band ?? '',
    pricePercentile: p.price?.percentile ?? 0,
    activity: {
      views: p.engagement.views,
      clicks: p.engagement.clicks,
      carts: p.engagement.carts,
      purchases: p.engagement.purchases,
      searches: p.engagement.searches,
      reviews: p.engagement.reviews,
      sessions: p.activity.sessions,
      sessionsPerWeek: p.activity.sessionsPerWeek,
      activeDays: p.activity.activeDays,
      viewsPerSession: p.engagement.viewsPerSession,
      cartRate: p.engagement.cartRate,
      checkoutRate: p.engagement.checkoutRate,
      promoShare: p.engagement.promoShare,
      peakHour: hours.reduce((best, v, h) => (v > hours[best]! ? h : best), 0),
    },
    voice: {
      conversations: p.voice.conversations,
      conversationsPerSession: p.voice.conversationsPerSession,
      texts: p.voice.texts,
      englishShare: p.voice.englishShare,
    },
    sentiment: {
      reviews: p.sentiment.reviews,
      meanRating: p.sentiment.meanRating,
      meanSentiment: p.sentiment.meanSentiment,
    },
    taste: p.taste ?? [],
    segmentId,
    segmentDescription: segment?.description ?? '',
  };
}

function topOf(shares: Record<string, number>, n: number): { name: string; weight: number }[] {
  return Object.entries(shares)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([name, weight]) => ({ name, weight }));
}

/** features.updated.v1 records of one refresh, at most `chunk` ids of each kind per record. */
export function featuresUpdatedMessages(
  updated: { users: readonly string[]; items: readonly string[] },
  updatedAt: number,
  segmentModelVersion: number,
  chunk = 1000,
): FeaturesUpdated[] {
  const out: FeaturesUpdated[] = [];
  const records = Math.ceil(Math.max(updated.users.length, updated.items.length) / chunk);
  for (let i = 0; i < records; i++) {
    out.push({
      userIds: updated.users.slice(i * chunk, (i + 1) * chunk),
      itemIds: updated.items.slice(i * chunk, (i + 1) * chunk),
      updatedAt,
      segmentModelVersion,
    });
  }
  return out;
}

/** `ListSegments`' answer: the segmentation's segments and the first `pointLimit` users' plotting points. */
export function segmentListMessage(s: SegmentationVersion | undefined, pointLimit: number): SegmentList {
  if (!s) return { modelVersion: 0, fittedAt: 0, k: 0, silhouette: 0, users: 0, segments: [], points: [] };
  return {
    modelVersion: s.version,
    fittedAt: s.fittedAt,
    k: s.model.segments.length,
    silhouette: s.model.silhouette,
    users: s.assignments.length,
    segments: s.model.segments.map((g) => ({
      id: g.id,
      size: g.size,
      share: g.share,
      description: g.description,
      standouts: g.standouts.map((o) => ({ feature: o.feature, z: o.z, value: o.value })),
    })),
    points: s.assignments
      .slice(0, pointLimit)
      .map((a) => ({ userId: a.userId, x: a.x, y: a.y, segmentId: a.segmentId })),
  };
}
