import type { ItemProfile as ItemProfileMessage } from '@demand/contracts';
import { coOccurrenceNeighbours, type ItemEvent, type ItemProfile, ItemTally, type Neighbour } from '@demand/segments';
import type { ProfileSnapshot } from '../ports/profile-source.port.js';
import { eachEventInSteps } from './event-loop-slices.js';
import { RecentIds } from './recent-ids.js';

export interface ItemProfilesOptions {
  /** Recent/previous window of item trends, days. */
  trendWindowDays: number;
  /** Co-view / co-buy neighbours kept per item. */
  neighbours: number;
  /** See `ProfileCacheOptions.followedEventIds`. */
  followedEventIds: number;
}

/**
 * The item side of the profile cache: each item's tally of its events (recomputed from a full read,
 * or moved on by newly stored events alone) and its co-view / co-buy neighbours.
 */
export class ItemProfiles {
  private readonly profiles = new Map<string, ItemProfile>();
  private readonly tallies = new Map<string, ItemTally>();
  /** Ids of the events added to tallies since the last full read of their items (redeliveries count once). */
  private readonly added: RecentIds;
  private readonly coViewed = new Map<string, Neighbour[]>();
  private readonly coBought = new Map<string, Neighbour[]>();
  /** The latest time any profile was computed as of: the `asOf` of item answers. */
  private asOf = 0;

  constructor(private readonly options: ItemProfilesOptions) {
    this.added = new RecentIds(options.followedEventIds);
  }

  has(itemId: string): boolean {
    return this.profiles.has(itemId);
  }

  /** The item's profile as of `asOf`, from all of its events; in steps of `STEP_EVENTS` events (see `EventLoopSlices`). */
  *recompute(itemId: string, events: readonly ItemEvent[], asOf: number): Generator<void, void> {
    const tally = new ItemTally(itemId);
    yield* eachEventInSteps(events, (e) => {
      if (e.at <= asOf) tally.add(e);
    });
    this.tallies.set(itemId, tally);
    this.profiles.set(itemId, tally.profile({ asOf, windowDays: this.options.trendWindowDays }));
  }

  /** Neighbours from the co-occurrence counts a read brought (each kind replaced whole when present). */
  replaceNeighbours({ coViews, coBuys }: Pick<ProfileSnapshot, 'coViews' | 'coBuys'>): void {
    if (coViews) replace(this.coViewed, coViews, this.options.neighbours);
    if (coBuys) replace(this.coBought, coBuys, this.options.neighbours);
  }

  /** See `ProfileCache.applyItemEvents`; returns the items whose profiles moved. In steps (see `EventLoopSlices`). */
  *follow(events: readonly (ItemEvent & { eventId: string })[], asOf: number): Generator<void, string[]> {
    const changed = new Set<string>();
    yield* eachEventInSteps(events, (e) => {
      if (!e.itemId || !this.added.add(e.eventId)) return;
      let tally = this.tallies.get(e.itemId);
      if (!tally) this.tallies.set(e.itemId, (tally = new ItemTally(e.itemId)));
      tally.add(e);
      changed.add(e.itemId);
    });
    for (const id of changed) {
      yield;
      this.profiles.set(id, this.tallies.get(id)!.profile({ asOf, windowDays: this.options.trendWindowDays }));
    }
    if (changed.size > 0) this.advanceAsOf(asOf);
    return [...changed];
  }

  forgetAddedEvents(): void {
    this.added.clear();
  }

  advanceAsOf(asOf: number): void {
    this.asOf = Math.max(this.asOf, asOf);
  }

  /** Drops the profiles of items not in `keep`; returns how many were dropped. */
  keepOnly(keep: ReadonlySet<string>): number {
    const gone = [...this.profiles.keys()].filter((id) => !keep.has(id));
    for (const id of gone) {
      this.profiles.delete(id);
      this.tallies.delete(id);
    }
    return gone.length;
  }

  /** The item's answer, or undefined when it has no profile. */
  message(itemId: string): ItemProfileMessage | undefined {
    const p = this.profiles.get(itemId);
    if (!p) return undefined;
    return {
      itemId: p.itemId,
      asOf: this.asOf,
      views: p.views,
      clicks: p.clicks,
      carts: p.carts,
      purchases: p.purchases,
      units: p.units,
      users: p.users,
      recent: p.recent,
      previous: p.previous,
      trend: p.trend,
      viewToCart: p.viewToCart,
      viewToPurchase: p.viewToPurchase,
      cartToPurchase: p.cartToPurchase,
      reviews: p.reviews,
      meanRating: p.meanRating,
      meanSentiment: p.meanSentiment,
      coViewed: (this.coViewed.get(itemId) ?? []).map(neighbourMessage),
      coBought: (this.coBought.get(itemId) ?? []).map(neighbourMessage),
    };
  }
}

function replace(target: Map<string, Neighbour[]>, counts: NonNullable<ProfileSnapshot['coViews']>, top: number): void {
  target.clear();
  for (const [id, list] of coOccurrenceNeighbours(counts.pairs, counts.occurrences, top)) target.set(id, list);
}

function neighbourMessage(n: Neighbour): { itemId: string; count: number; score: number } {
  return { itemId: n.itemId, count: n.count, score: n.score };
}
