import type { ProfileCache } from '../domain/profiles.js';

/** What the sync reads of the profile cache. */
export type AnswerSource = Pick<
  ProfileCache,
  'hasUser' | 'allUserProfiles' | 'encodedUserProfile' | 'userCount' | 'latestSegmentation'
>;

/**
 * The main thread's record of the answers the worker holds, and what changed since: an answer is posted again
 * when the cache hands out other bytes for it (`ProfileCache.encodedUserProfile` gives the same Buffer until the
 * profile, its RFM scores or its segment move, so a changed answer is found by identity), and a user the cache no
 * longer holds is removed.
 */
export class AnswerSync {
  private readonly posted = new Map<string, Buffer>();
  private segmentation: AnswerSource['latestSegmentation'];

  /** `usersAStep`: users looked at between two yields (one `EventLoopSlices` step). */
  constructor(private readonly usersAStep = 64) {}

  get postedCount(): number {
    return this.posted.size;
  }

  /**
   * Whether a sync could find anything the refreshes and forgets do not announce: a new segmentation (every
   * answer's segment) or a cache whose users were dropped without a refresh notice (a full refresh that read
   * none). A check of two fields, for a timer.
   */
  looksStale(cache: AnswerSource): boolean {
    return cache.latestSegmentation !== this.segmentation || cache.userCount !== this.posted.size;
  }

  /** Users just forgotten: those the worker holds, no longer noted as posted (to be posted as removals). */
  forget(ids: readonly string[]): string[] {
    return ids.filter((id) => this.posted.delete(id));
  }

  /** The worker starts empty (a new one after a crash): everything is posted again. */
  reset(): void {
    this.posted.clear();
    this.segmentation = undefined;
  }

  /**
   * Removals and changed answers since the last call, in steps; noted as posted when
   * returned, so each update must reach the worker in the order made.
   */
  *changes(cache: AnswerSource): Generator<void, { changed: [string, Buffer][]; removed: string[] }> {
    this.segmentation = cache.latestSegmentation;
    const removed: string[] = [];
    let looked = 0;
    for (const id of this.posted.keys()) {
      if (++looked % this.usersAStep === 0) yield;
      if (!cache.hasUser(id)) removed.push(id);
    }
    for (const id of removed) this.posted.delete(id);
    const changed: [string, Buffer][] = [];
    for (const { userId } of cache.allUserProfiles()) {
      if (++looked % this.usersAStep === 0) yield;
      // Forgotten since the list was taken: not posted (the forget's own sync comes after this one).
      if (!cache.hasUser(userId)) continue;
      const answer = cache.encodedUserProfile(userId);
      if (this.posted.get(userId) === answer) continue;
      this.posted.set(userId, answer);
      changed.push([userId, answer]);
    }
    return { changed, removed };
  }
}
