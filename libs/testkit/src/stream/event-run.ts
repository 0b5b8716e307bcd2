import type { Event } from '@demand/contracts';
import { BotFleet, botUserIds, type BotOptions } from '../behaviour/bots.js';
import { DAY_MS, type Calendar } from '../behaviour/calendar.js';
import { simulateHumanDay } from '../behaviour/human-day.js';
import type { ItemChooser } from '../behaviour/item-chooser.js';
import type { SearchIndex } from '../behaviour/search.js';
import type { SimContext } from '../behaviour/sim-context.js';
import type { SimItem } from '../catalog/catalog-types.js';
import { checkRate, DirtInjector, type DirtOptions } from '../dirt/dirt-injector.js';
import type { Random } from '../random/random.js';
import { RunTruthRecorder, type RunTruth } from '../truth/run-truth.js';
import type { SimUser } from '../users/build-users.js';
import { IdFactory } from './ids.js';
import type { PlannedEvent } from './planned-event.js';

export interface GenerateOptions {
  /** Simulated days, starting at the shop's start day. Default 7, or unbounded when `maxEvents` is set. */
  days?: number;
  /** Stop after this many events (the stream is a prefix of the unbounded one). */
  maxEvents?: number;
  /** Dirty records and re-sends; off by default. */
  dirt?: DirtOptions;
  /** Bot sessions; off by default. */
  bots?: BotOptions;
  /** Emit the catalog's item_upsert events first. Default false. */
  includeCatalog?: boolean;
  /** Goes into every id, so runs of one shop can share a platform; default from the seed. */
  runId?: string;
}

/** What a run needs from its shop. */
export interface ShopModel {
  random: Random;
  items: readonly SimItem[];
  users: readonly SimUser[];
  chooser: ItemChooser;
  search: SearchIndex;
  calendar: Calendar;
  catalogEvents(): Event[];
}

/** Longest run when only `maxEvents` bounds it (a shop with no active users never fills it). */
const MAX_DAYS = 3650;

const byTime = (a: PlannedEvent, b: PlannedEvent) => a.at - b.at || a.order - b.order;

/**
 * A lazy, time-ordered stream of a shop's events, generated a day at a time (memory holds
 * about one day). Iterating again replays the identical stream and rebuilds `truth`.
 */
export class EventRun implements Iterable<Event> {
  private readonly recorder: RunTruthRecorder;
  private readonly days: number;
  private readonly maxEvents: number;
  private readonly runId: string;

  constructor(
    private readonly shop: ShopModel,
    private readonly options: GenerateOptions = {},
  ) {
    this.days = options.days ?? (options.maxEvents === undefined ? 7 : MAX_DAYS);
    this.maxEvents = options.maxEvents ?? Number.POSITIVE_INFINITY;
    if (!Number.isInteger(this.days) || this.days < 0)
      throw new RangeError(`days must be a non-negative integer (got ${options.days})`);
    if (!(this.maxEvents >= 0)) throw new RangeError(`maxEvents must be non-negative (got ${options.maxEvents})`);
    this.runId = options.runId ?? (shop.random.seed >>> 0).toString(36);
    if (!/^[A-Za-z0-9]{1,24}$/.test(this.runId))
      throw new RangeError(`runId must be 1-24 letters or digits (got ${JSON.stringify(this.runId)})`);
    checkRate(options.bots?.sessionRate ?? 0, 'bots.sessionRate');
    checkRate(options.bots?.pacedShare ?? 0, 'bots.pacedShare');
    const botUsers =
      (options.bots?.sessionRate ?? 0) > 0 ? botUserIds(shop.users.length, (options.bots?.pacedShare ?? 0) > 0) : [];
    this.recorder = new RunTruthRecorder(
      shop.items.map((i) => i.item.itemId),
      botUsers,
    );
  }

  /** Truth about the events emitted so far (filled before each event is yielded); complete once iteration has finished. */
  get truth(): RunTruth {
    return this.recorder;
  }

  *[Symbol.iterator](): Iterator<Event> {
    const truth = this.recorder;
    truth.reset();
    const { shop } = this;
    let emitted = 0;
    if (this.options.includeCatalog) {
      for (const event of shop.catalogEvents()) {
        if (emitted >= this.maxEvents) return;
        truth.recordCatalogEvent();
        emitted++;
        yield event;
      }
    }
    const buffer: PlannedEvent[] = [];
    let order = 0;
    const runRandom = shop.random.fork(`run:${this.runId}`);
    const dirt = new DirtInjector(runRandom.fork('dirt'), this.options.dirt);
    const people: SimContext = {
      items: shop.items,
      chooser: shop.chooser,
      search: shop.search,
      random: runRandom.fork('people'),
      ids: new IdFactory(this.runId, 0),
      push: (record) => buffer.push(...dirt.apply({ ...record, order: order++ })),
    };
    const fleet = this.fleet(runRandom, (record) => buffer.push({ ...record, order: order++ }));

    for (let dayIndex = 0; dayIndex < this.days && emitted < this.maxEvents; dayIndex++) {
      const plan = shop.calendar.day(dayIndex);
      truth.addDay(plan);
      const sessions = simulateHumanDay(people, shop.users, plan);
      fleet.simulateDay(plan, sessions);
      buffer.sort(byTime);
      const dayEnd = plan.start + DAY_MS;
      let ready = 0;
      while (ready < buffer.length && buffer[ready]!.at < dayEnd) ready++;
      for (const planned of buffer.splice(0, ready)) {
        truth.record(planned);
        yield planned.event;
        if (++emitted >= this.maxEvents) return;
      }
    }
  }

  private fleet(runRandom: Random, push: SimContext['push']): BotFleet {
    const ctx: SimContext = {
      items: this.shop.items,
      chooser: this.shop.chooser,
      search: this.shop.search,
      random: runRandom.fork('bots'),
      ids: new IdFactory(this.runId, 1),
      push,
    };
    const { sessionRate = 0, pacedShare = 0 } = this.options.bots ?? {};
    return new BotFleet(ctx, this.shop.users.length, sessionRate, pacedShare);
  }
}
