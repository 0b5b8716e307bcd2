import type { RecommendService } from '../domain/recommend-service.js';
import type { RankedListOptions } from '../domain/train-model.js';

/**
 * Refreshes the serving models' stored lists at `perSecond` users a second, a few at a time on a
 * timer (one list is about a request's work), so a turn of the event loop is never held long.
 */
export class ListRefreshTimer {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly service: Pick<RecommendService, 'refreshLists'>,
    private readonly perSecond: number,
  ) {}

  /** The timer the options call for: none when lists are off (length 0) or refreshed only by requests (rate 0). */
  static when(
    service: Pick<RecommendService, 'refreshLists'>,
    options: Pick<RankedListOptions, 'length' | 'refreshPerSecond'>,
  ): ListRefreshTimer | undefined {
    return options.length > 0 && options.refreshPerSecond > 0
      ? new ListRefreshTimer(service, options.refreshPerSecond)
      : undefined;
  }

  start(): void {
    if (this.perSecond <= 0 || this.timer) return;
    const everyMs = Math.max(10, 1000 / this.perSecond);
    const budget = Math.max(1, Math.round((this.perSecond * everyMs) / 1000));
    this.timer = setInterval(() => this.service.refreshLists(budget), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
