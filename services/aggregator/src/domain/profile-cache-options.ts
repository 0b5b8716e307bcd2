export interface ProfileCacheOptions {
  /** Half-life of preferences and taste, days. */
  halfLifeDays: number;
  /** Recent/previous window of item trends, days. */
  trendWindowDays: number;
  /** Categories and brands returned per user. */
  topPreferences: number;
  /** Co-view / co-buy neighbours kept per item. */
  neighbours: number;
  /**
   * Ids of the stored events that moved item profiles since the last full refresh are kept to count a
   * redelivered event once; at most this many, the oldest forgotten first. A redelivery older than that
   * counts twice until the next full refresh re-reads its item.
   */
  followedEventIds: number;
  /**
   * Profile events of recently refreshed users kept in memory (`UserHistories`), at most this many in
   * all: a touched user with a kept history is recomputed from it and the events just stored, unread.
   */
  keptHistoryEvents?: number;
}

export const DEFAULT_PROFILE_CACHE_OPTIONS: ProfileCacheOptions = {
  halfLifeDays: 30,
  trendWindowDays: 7,
  topPreferences: 5,
  neighbours: 10,
  followedEventIds: 200_000,
  keptHistoryEvents: 200_000,
};
