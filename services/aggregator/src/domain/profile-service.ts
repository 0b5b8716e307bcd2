import type { ProfileSnapshot } from '../ports/profile-source.port.js';
import {
  DEFAULT_TOUCHED_PAGE_IDS,
  extendHistories,
  keepHistories,
  touchedPages,
  touchedRefreshDelay,
} from './touched-refresh.js';

export { touchedPages, touchedRefreshDelay } from './touched-refresh.js';
import type { StoredItemEvent } from './profile-events.js';
import type { RefreshResult } from './profiles.js';
import type { ProfileServiceDeps, ProfileServiceOptions } from './profile-service-options.js';

export type { ProfileServiceDeps, ProfileServiceOptions } from './profile-service-options.js';
import { TouchedWork } from './touched-work.js';
import { EventLoopSlices } from '@demand/event-loop-slices';
import { installFit } from './segment-fit.js';

/**
 * Keeps the profile cache current: a full refresh at start and every `fullEveryMs`, the users and
 * items touched by stored batches every `touchedEveryMs`, segments in a worker every `segmentEveryMs`
 * (and as soon as enough users exist), each new model matched to the previous one so ids stay put.
 * Refreshes never overlap.
 */
export class ProfileService {
  private readonly touched: TouchedWork;
  /** One deadline for every refresh's steps: back-to-back `sliced` calls share a slice. */
  private readonly slices: EventLoopSlices;
  private readonly timers: NodeJS.Timeout[] = [];
  private touchedTimer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private lastTouchedMs = 0;
  private running: Promise<unknown> = Promise.resolve();
  private segmenting: Promise<void> | undefined;
  private version = 0;
  private queued = 0;
  private readonly now: () => number;

  constructor(
    private readonly deps: ProfileServiceDeps,
    private readonly options: ProfileServiceOptions,
  ) {
    this.now = deps.now ?? Date.now;
    this.touched = new TouchedWork(deps.cache, options.backfillWait);
    this.slices = new EventLoopSlices(options.sliceMs);
  }

  /**
   * Notes users and items whose events were just stored, for the next touched refresh, with the
   * batch's profile events (`storedProfileEvents`): a user with a kept history moves on by its events
   * in `events` (all of them, none meaning none), others (all, without `events`) are read again; an item with item events
   * moves on by those alone, one without any keeps its profile (none of its events counts) or, without a
   * profile or without `events`, is read again. Users in `backfillOnly` (touched by imported history alone)
   * wait for the import to go quiet (`ProfileServiceOptions.backfillWait`).
   */
  touch(
    userIds: Iterable<string>,
    itemIds: Iterable<string>,
    events?: readonly StoredItemEvent[],
    backfillOnly?: ReadonlySet<string>,
  ): void {
    this.touched.touch(this.now(), userIds, itemIds, events, backfillOnly);
  }

  /**
   * The partitions of the event topic this replica consumes from now on (after each rebalance). A
   * kept history assumes that every event of its user stored since it was read passed through here.
   * A partition gained (or given back) after another replica held it breaks that for its users, and
   * which users those are is not known here. From the join on, events no longer extend kept
   * histories (their users are read again), and the next refresh to start, after the one under way
   * (whose reads may predate the other replica's last inserts), first drops every kept history;
   * until the next full refresh a user without a profile no longer counts as one without stored
   * events. Partitions only taken away change nothing: their users' events stop coming here, and
   * should a partition come back it is a gain (a member that left the group reports none held).
   */
  holdPartitions(partitions: Iterable<number>): void {
    this.touched.holdPartitions(partitions);
  }

  get pending(): number {
    return this.touched.pending;
  }

  /** Whether a refresh (or a forget) is running or queued behind one. */
  get busy(): boolean {
    return this.queued > 0;
  }

  /**
   * Forgets users between refreshes, never during one: a refresh under way may have read their rows
   * before the store deleted them and would put them back into memory after a forget beside it. Ends with
   * the rescore of the forgotten users (a step each), so their RFM values leave the scores' population and
   * cut points before the forget is answered.
   */
  forgetUsers(userIds: readonly string[]): Promise<number> {
    return this.serially(async () => {
      this.touched.forget(userIds);
      const profiles = this.deps.cache.forgetUsers(userIds);
      await this.sliced(this.deps.cache.rescoreSteps());
      return profiles;
    });
  }

  /** First full refresh (and segmentation when enough users), then the schedules. */
  async start(): Promise<void> {
    const saved = await this.deps.segmentations?.latest();
    if (saved) {
      this.version = saved.version;
      this.deps.cache.installSegmentation(saved);
    }
    await this.refreshAll();
    this.startSegmentation();
    const every = (ms: number, task: () => Promise<unknown>, what: string) => {
      const timer = setInterval(() => {
        task().catch((error) => this.deps.onError?.(error, what));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    this.scheduled = true;
    this.scheduleTouched();
    every(this.options.fullEveryMs, () => this.refreshAll(), 'full profile refresh');
    every(this.options.segmentEveryMs, () => this.segmentNow(), 'segmentation');
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    this.scheduled = false;
    clearTimeout(this.touchedTimer);
    this.touchedTimer = undefined;
    await this.running.catch(() => undefined);
    await this.segmenting?.catch(() => undefined);
  }

  refreshAll(): Promise<RefreshResult> {
    return this.serially(async () => {
      this.touched.clearForFullRead();
      this.deps.cache.forgetAddedEvents();
      // Kept anew from the pages read (events removed from the store by retention leave with the old ones).
      this.deps.cache.histories.clear();
      const result: RefreshResult = { users: [], items: [] };
      try {
        for await (const page of this.deps.source.readAll()) {
          if (page.userIds) await this.sliced(keepHistories(this.deps.cache, [...page.userIds], page));
          const { users, items } = await this.sliced(this.deps.cache.applyPageSteps(page, this.now()));
          for (const id of users) result.users.push(id);
          for (const id of items) result.items.push(id);
        }
        const dropped = this.deps.cache.keepOnly(new Set(result.users), new Set(result.items));
        this.touched.fullReadComplete();
        if (dropped.users.length > 0) {
          await this.deps
            .onUsersDropped?.(dropped.users)
            .catch((error) => this.deps.onError?.(error, 'dropped users notice'));
        }
      } finally {
        await this.sliced(this.deps.cache.rescoreSteps());
        this.touched.rereadItemsOfEventsSinceFullRead();
      }
      return this.applied(result);
    });
  }

  refreshTouched(): Promise<RefreshResult> {
    return this.serially(async () => {
      this.touched.dropStaleHistories();
      if (!this.touched.due(this.now())) return { users: [], items: [] };
      const started = performance.now();
      const { cache, source } = this.deps;
      const { users, items, userEvents, itemEvents } = this.touched.take(this.now());
      const { extended, extendedUsers, unkept } = await this.sliced(extendHistories(cache, userEvents));
      for (const id of unkept) users.push(id);
      try {
        const followed = await this.sliced(cache.applyItemEventsSteps(itemEvents, this.now()));
        if (users.length + items.length + extendedUsers.length === 0) return await this.applied(followed);
        const read: RefreshResult = { users: [], items: [...followed.items] };
        try {
          const catalog = await source.readCatalog();
          for (const page of touchedPages(users, items, this.options.touchedPageIds ?? DEFAULT_TOUCHED_PAGE_IDS)) {
            const snapshot: ProfileSnapshot = { ...(await source.readTouched(page.users, page.items)), items: catalog };
            await this.sliced(keepHistories(cache, page.users, snapshot));
            const applied = await this.sliced(cache.applyPageSteps(snapshot, this.now()));
            for (const id of applied.users) read.users.push(id);
            for (const id of applied.items) read.items.push(id);
          }
          if (extendedUsers.length > 0) {
            const snapshot = {
              items: catalog,
              events: extended,
              userIds: new Set(extendedUsers),
              itemIds: new Set<string>(),
            };
            for (const id of (await this.sliced(cache.applyPageSteps(snapshot, this.now()))).users) read.users.push(id);
          }
        } finally {
          await this.sliced(cache.rescoreSteps());
        }
        return await this.applied({ users: read.users, items: [...new Set(read.items)] });
      } catch (error) {
        // Tried again at the next tick, read in full (the item events are applied already).
        cache.histories.forget(extendedUsers);
        this.touched.reread([...users, ...extendedUsers]);
        this.touched.rereadItems(items);
        throw error;
      } finally {
        this.lastTouchedMs = performance.now() - started;
      }
    });
  }

  /** The next touched refresh, `touchedRefreshDelay` after the previous one ended. */
  private scheduleTouched(): void {
    const delay = touchedRefreshDelay(this.lastTouchedMs, this.options.touchedEveryMs, this.options.touchedMaxShare);
    this.touchedTimer = setTimeout(() => {
      this.refreshTouched()
        .catch((error) => this.deps.onError?.(error, 'touched profile refresh'))
        .finally(() => {
          if (this.scheduled) this.scheduleTouched();
        });
    }, delay);
    this.touchedTimer.unref();
  }

  /** Fits segments now (in the worker) when enough users have profiles; one fit at a time. */
  segmentNow(): Promise<void> {
    if (this.segmenting) return this.segmenting;
    const profiles = this.deps.cache.allUserProfiles();
    if (profiles.length < this.options.segmentMinUsers) return Promise.resolve();
    const previous = this.deps.cache.latestSegmentation?.model;
    const { kMin, kMax, seed } = this.options;
    const fitting = this.deps.segment({ profiles, options: { kMin, kMax, seed, previous } });
    // Forgotten while the fit runs: the worker was handed their profiles, so its answer still places them.
    const forgotten = this.deps.cache.noteForgets();
    this.segmenting = fitting
      .then(async (fit) => {
        this.version = await installFit(this.deps, fit, forgotten, this.version, this.now());
      })
      .finally(() => {
        this.segmenting = undefined;
        this.deps.cache.stopNotingForgets();
      });
    return this.segmenting;
  }

  private startSegmentation(): void {
    this.segmentNow().catch((error) => this.deps.onError?.(error, 'segmentation'));
  }

  private async applied(result: RefreshResult): Promise<RefreshResult> {
    if (result.users.length + result.items.length > 0 && this.deps.onUpdated) {
      // The cache already answers with the new profiles: a failed notice is logged, not a failed refresh.
      try {
        await this.deps.onUpdated(result);
      } catch (error) {
        this.deps.onError?.(error, 'profile update notice');
      }
    }
    // The first fit waits for enough users; later fits follow the schedule.
    if (!this.deps.cache.latestSegmentation && !this.segmenting && this.timers.length > 0) this.startSegmentation();
    return result;
  }

  private sliced<T>(steps: Generator<unknown, T>): Promise<T> {
    return this.slices.run(steps);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    this.queued++;
    const next = this.running
      .catch(() => undefined)
      .then(task)
      .finally(() => this.queued--);
    this.running = next;
    return next;
  }
}
