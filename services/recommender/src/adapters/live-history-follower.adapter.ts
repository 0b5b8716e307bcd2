import type { EventBus, Subscription } from '@demand/bus';
import { Topics } from '@demand/contracts';
import { ForgottenUsers, followForgets } from '@demand/forgotten-users';
import type { Logger } from '@demand/telemetry';
import { type RecentHistory, recentEventOf } from '../domain/recent-history.js';

const STOP_WAIT_MS = 10_000;

export interface LiveHistoryOptions {
  /** Read this long (ms) before the model's training cutoff: events written late, clocks apart. */
  marginMs: number;
  /** Wait before trying again after the subscription failed (ms). */
  retryMs?: number;
}

/**
 * Fills the live history from events.clean.v1: every partition, in a consumer group of this
 * replica's own (`EventBus.follow`), from the records written `marginMs` before the first serving
 * model's training cutoff (offsets by timestamp), then as they come. Later models train on more of
 * the history; the events held already stay (bounded), so a model swap changes nothing here.
 * privacy.forget.v1 is read whole first and followed: a forgotten user's held events are dropped,
 * and their events that reached the platform before the request are not taken in again.
 */
export class LiveHistoryFollower {
  private readonly forgotten = new ForgottenUsers();
  private subscriptions: Subscription[] = [];
  private started = false;
  private stopped = false;
  private caughtUp = false;
  /** Behaviour events taken into the history so far. */
  eventsTaken = 0;
  private retry: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;

  constructor(
    private readonly bus: EventBus,
    readonly history: RecentHistory,
    private readonly options: LiveHistoryOptions,
    private readonly logger: Logger,
  ) {}

  /** A model with this training cutoff (epoch ms) serves: the first call starts reading. */
  modelServing(cutoff: number): void {
    if (this.started) return;
    this.started = true;
    this.following = this.follow(cutoff - this.options.marginMs);
  }

  /** For /readyz: whether the history has read what the topic held when it started. */
  readinessDetail(): { state: 'waiting for a model' | 'catching up' | 'following'; users: number } {
    const state = !this.started ? 'waiting for a model' : this.caughtUp ? 'following' : 'catching up';
    return { state, users: this.history.size };
  }

  /**
   * Stops following; a start in progress is given up to STOP_WAIT_MS to join its groups first (a
   * kafkajs consumer left in the middle of its join crashes later, when its connection goes).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.following, new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }

  /** Holds a subscription for stop(), or stops it when stop() came first. */
  private async keep(subscription: Subscription): Promise<void> {
    this.subscriptions.push(subscription);
    if (this.stopped) await subscription.stop();
  }

  private async follow(since: number): Promise<void> {
    if (this.stopped) return;
    try {
      const forgets = followForgets(this.bus, 'recommender-live-forgotten', this.forgotten, (ids) => {
        for (const id of ids) this.history.forget(id);
      });
      const events = this.bus.follow({
        topic: Topics.eventsClean,
        groupPrefix: 'recommender-live',
        since,
        handle: async (batch) => {
          for (const { value, timestamp } of batch) {
            if (timestamp < since) continue; // a broker that cannot seek by time is read from its start
            const recent = recentEventOf(value, since);
            if (!recent || !this.forgotten.keeps(recent.user, recent.receivedAt)) continue;
            if (this.history.record(recent.user, recent.event)) this.eventsTaken++;
          }
        },
      });
      // Both at once: a forget read after the user's events drops them, one read before keeps them out.
      const settled = await Promise.allSettled([forgets, events]);
      for (const result of settled) if (result.status === 'fulfilled') await this.keep(result.value);
      for (const result of settled) if (result.status === 'rejected') throw result.reason;
      if (this.stopped) return;
      this.caughtUp = true;
      this.logger.info({ since: new Date(since).toISOString(), users: this.history.size }, 'live history caught up');
    } catch (err) {
      await Promise.all(this.subscriptions.splice(0).map((s) => s.stop().catch(() => undefined)));
      if (this.stopped) return;
      const retryMs = this.options.retryMs ?? 5000;
      this.logger.error({ err, retryMs }, 'live history: cannot follow events.clean.v1; trying again');
      this.retry = setTimeout(() => {
        this.following = this.follow(since);
      }, retryMs);
      this.retry.unref();
    }
  }
}
