import {
  type ItemProfile as ItemProfileMessage,
  type SegmentList,
  UserProfile as UserProfileMessage,
} from '@demand/contracts';
import {
  buildPriceIndex,
  buildUserProfile,
  type ItemEvent,
  type ItemInfo,
  type RfmScores,
  SegmentModel,
  type SegmentModelJSON,
  type UserProfile,
  type UserSegment,
  unpackedScores,
} from '@demand/segments';
import type { ProfileSnapshot } from '../ports/profile-source.port.js';
import { ItemProfiles } from './item-profiles.js';
import { drain, eachEventInSteps } from './event-loop-slices.js';
import { EncodedAnswers } from './encoded-answers.js';
import { RfmScoring } from './rfm-scoring.js';
import { segmentListMessage, userProfileMessage } from './profile-messages.js';
import { UserHistories } from './user-histories.js';
import { DEFAULT_PROFILE_CACHE_OPTIONS, type ProfileCacheOptions } from './profile-cache-options.js';
import { InvalidProfileRequestError, ProfileNotFoundError, userProfileMissing } from './profile-errors.js';

export { DEFAULT_PROFILE_CACHE_OPTIONS, type ProfileCacheOptions } from './profile-cache-options.js';

export { InvalidProfileRequestError, ProfileNotFoundError } from './profile-errors.js';

/** One fitted segmentation, numbered in the order fitted. */
export interface SegmentationVersion {
  version: number;
  fittedAt: number;
  model: SegmentModelJSON;
  assignments: UserSegment[];
}

/** What changed in one refresh. */
export interface RefreshResult {
  users: string[];
  items: string[];
}

/**
 * User and item profiles held in memory: a refresh computes them from a snapshot read in bulk,
 * the reads (`userProfile`, `itemProfile`, `segments`) answer from the maps without I/O.
 */
export class ProfileCache {
  private readonly users = new Map<string, UserProfile>();
  private readonly items: ItemProfiles;
  /** RFM scores derived from a user's values when its answer is built: a rescore costs the users changed. */
  private readonly scoring = new RfmScoring();
  private appliedAsOf = Number.NEGATIVE_INFINITY;
  private segmentation: SegmentationVersion | undefined;
  private model: SegmentModel | undefined;
  private readonly segmentOf = new Map<string, number>();
  private readonly answers = new EncodedAnswers();
  /** Histories of recently refreshed users (the touched refresh reads and extends them). */
  readonly histories: UserHistories;
  /** Every user forgotten since `noteForgets` (by `forgetUsers` or `keepOnly`), until `stopNotingForgets`. */
  private forgottenSinceNoted: Set<string> | undefined;

  constructor(private readonly options: ProfileCacheOptions = DEFAULT_PROFILE_CACHE_OPTIONS) {
    this.items = new ItemProfiles(options);
    this.histories = new UserHistories(options.keptHistoryEvents ?? DEFAULT_PROFILE_CACHE_OPTIONS.keptHistoryEvents!);
  }

  get userCount(): number {
    return this.users.size;
  }

  hasUser(userId: string): boolean {
    return this.users.has(userId);
  }

  hasItem(itemId: string): boolean {
    return this.items.has(itemId);
  }

  get latestSegmentation(): SegmentationVersion | undefined {
    return this.segmentation;
  }

  /** Every profile, for segmentation. */
  allUserProfiles(): UserProfile[] {
    return [...this.users.values()];
  }

  /**
   * Recomputes the profiles of every user and item in the snapshot as of `asOf` (the snapshot
   * holds all events of those users and items) and the population's RFM scores.
   */
  apply(snapshot: ProfileSnapshot, asOf: number): RefreshResult {
    const result = this.applyPage(snapshot, asOf);
    this.rescore();
    return result;
  }

  /**
   * `apply` without the population's RFM scores: a refresh read in pages applies each page, then
   * calls `rescore` once (scores are relative to everyone: their cut points are taken once all pages are in).
   */
  applyPage(snapshot: ProfileSnapshot, asOf: number): RefreshResult {
    return drain(this.applyPageSteps(snapshot, asOf));
  }

  /**
   * `applyPage` in steps, each one user's or item's profile (or a few thousand events grouped): the refreshes
   * run it a few milliseconds at a time (`EventLoopSlices`), so that reads are answered between the steps.
   */
  *applyPageSteps(snapshot: ProfileSnapshot, asOf: number): Generator<void, RefreshResult> {
    const catalog = new Map<string, ItemInfo>(snapshot.items.map((i) => [i.itemId, i]));
    const prices = buildPriceIndex(catalog.values());
    const byUser = new Map<string, ItemEvent[]>();
    const byItem = new Map<string, ItemEvent[]>();
    yield* eachEventInSteps(snapshot.events, (e) => {
      if (e.userId && (!snapshot.userIds || snapshot.userIds.has(e.userId))) push(byUser, e.userId, e);
      if (e.itemId && (!snapshot.itemIds || snapshot.itemIds.has(e.itemId))) push(byItem, e.itemId, e);
    });
    const lookup = (id: string) => catalog.get(id);
    for (const [userId, events] of byUser) {
      yield;
      const profile = buildUserProfile(userId, events, lookup, prices, {
        asOf,
        halfLifeDays: this.options.halfLifeDays,
      });
      this.scoring.changing(userId, this.users.get(userId)?.rfm);
      this.users.set(userId, profile);
      this.answers.delete(userId);
      this.appliedAsOf = Math.max(this.appliedAsOf, profile.asOf);
      if (this.model) this.segmentOf.set(userId, this.model.predict(profile));
    }
    for (const [itemId, events] of byItem) {
      yield;
      yield* this.items.recompute(itemId, events, asOf);
    }
    this.items.replaceNeighbours(snapshot);
    return { users: [...byUser.keys()], items: [...byItem.keys()] };
  }

  /**
   * Item profiles moved on by newly stored events alone (no history read): each event id is added once
   * (while among the last `followedEventIds`) until `forgetAddedEvents` (a full refresh re-reads every item).
   */
  applyItemEvents(events: readonly (ItemEvent & { eventId: string })[], asOf: number): RefreshResult {
    return drain(this.applyItemEventsSteps(events, asOf));
  }

  /** `applyItemEvents` in steps (see `EventLoopSlices`). */
  *applyItemEventsSteps(
    events: readonly (ItemEvent & { eventId: string })[],
    asOf: number,
  ): Generator<void, RefreshResult> {
    return { users: [], items: yield* this.items.follow(events, asOf) };
  }

  forgetAddedEvents(): void {
    this.items.forgetAddedEvents();
  }

  /** Installs a fitted segmentation: its assignments, and its model for users profiled later. */
  installSegmentation(segmentation: SegmentationVersion): void {
    this.segmentation = segmentation;
    this.model = SegmentModel.fromJSON(segmentation.model);
    this.segmentOf.clear();
    for (const a of segmentation.assignments) this.segmentOf.set(a.userId, a.segmentId);
    // Users profiled while the worker ran were not in its input.
    for (const [userId, profile] of this.users) {
      if (!this.segmentOf.has(userId)) this.segmentOf.set(userId, this.model.predict(profile));
    }
    this.answers.clear();
  }

  userProfile(userId: string): UserProfileMessage {
    const profile = this.profileOf(userId);
    return this.toUserMessage(profile, this.scoring.scoreOf(profile.rfm));
  }

  /** `userProfile` encoded (demand.v1.UserProfile wire bytes), encoded once until the profile or its scores move. */
  encodedUserProfile(userId: string): Buffer {
    const profile = this.profileOf(userId);
    const packed = this.scoring.packedScoreOf(profile.rfm);
    const cached = this.answers.get(userId, packed);
    if (cached) return cached;
    const message = this.toUserMessage(profile, unpackedScores(packed));
    return this.answers.set(userId, packed, UserProfileMessage.encode(message).finish());
  }

  itemProfile(itemId: string): ItemProfileMessage {
    if (!itemId) throw new InvalidProfileRequestError('item_id is required');
    const message = this.items.message(itemId);
    if (!message) throw new ProfileNotFoundError(`item ${JSON.stringify(itemId)} has no profile`);
    return message;
  }

  /**
   * Drops everything held in memory about these user ids (profile, RFM score, segment,
   * cached message, kept history, place in the segmentation). Returns how many profiles were held. Their RFM
   * values leave the population the scores are cut from at the next `rescore` (`ProfileService.forgetUsers`
   * runs it at once).
   */
  forgetUsers(userIds: readonly string[]): number {
    let profiles = 0;
    this.histories.forget(userIds);
    for (const id of userIds) {
      this.forgottenSinceNoted?.add(id);
      this.scoring.changing(id, this.users.get(id)?.rfm);
      if (this.users.delete(id)) profiles++;
      this.segmentOf.delete(id);
      this.answers.delete(id);
    }
    if (this.segmentation) {
      const forgotten = new Set(userIds);
      const assignments = this.segmentation.assignments.filter((a) => !forgotten.has(a.userId));
      if (assignments.length !== this.segmentation.assignments.length) {
        this.segmentation = { ...this.segmentation, assignments };
      }
    }
    return profiles;
  }

  /**
   * After a complete full refresh: drops the profiles of the users and items it did not read (their
   * events aged out of the store or were removed), so the cache holds what the store holds. Returns the users
   * dropped and how many items.
   */
  keepOnly(users: ReadonlySet<string>, items: ReadonlySet<string>): { users: string[]; items: number } {
    // Placed by a segmentation but not profiled (a saved one installed at start): gone too when not stored.
    const held = new Set([...this.users.keys(), ...this.segmentOf.keys()]);
    const goneUsers = [...held].filter((id) => !users.has(id));
    this.forgetUsers(goneUsers);
    return { users: goneUsers, items: this.items.keepOnly(items) };
  }

  /**
   * Notes every user forgotten from now on, however (a forget asked for, a full refresh that no longer reads
   * them), in the set returned, until `stopNotingForgets`: a segment fit handed their profiles still places them.
   */
  noteForgets(): ReadonlySet<string> {
    this.forgottenSinceNoted = new Set();
    return this.forgottenSinceNoted;
  }

  stopNotingForgets(): void {
    this.forgottenSinceNoted = undefined;
  }

  segments(pointLimit = 0): SegmentList {
    return segmentListMessage(this.segmentation, pointLimit);
  }

  /** The population's RFM scores, after every page of a refresh is applied. */
  rescore(): void {
    drain(this.rescoreSteps());
  }

  /**
   * `rescore` in steps of one changed user. Reads meanwhile score by the cut points of the last rescore; the new
   * ones apply from its end, and an answer encoded with other scores is encoded again when read.
   */
  *rescoreSteps(): Generator<void, void> {
    yield* this.scoring.rescore(this.users);
    this.items.advanceAsOf(this.appliedAsOf);
  }

  private profileOf(userId: string): UserProfile {
    const profile = userId ? this.users.get(userId) : undefined;
    if (!profile) throw userProfileMissing(userId);
    return profile;
  }

  private toUserMessage(p: UserProfile, score: RfmScores): UserProfileMessage {
    const segmentId = this.segmentOf.get(p.userId);
    return userProfileMessage(p, {
      top: this.options.topPreferences,
      score,
      segmentId,
      segment: segmentId === undefined ? undefined : this.segmentation?.model.segments.find((g) => g.id === segmentId),
    });
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
