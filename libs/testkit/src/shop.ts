import { Event } from '@demand/contracts';
import { Calendar, type DayTruth, type Promotion } from './behaviour/calendar.js';
import { ItemChooser } from './behaviour/item-chooser.js';
import { SearchIndex } from './behaviour/search.js';
import { buildCatalog, buildTasteSpace } from './catalog/build-catalog.js';
import type { CatalogItem, ItemTruth, SimItem } from './catalog/catalog-types.js';
import { Random } from './random/random.js';
import { EventRun, type GenerateOptions } from './stream/event-run.js';
import { buildUsers, type ShopUser, type UserTruth } from './users/build-users.js';
import { PERSONAS, type PersonaName, type PersonaSpec } from './users/personas.js';

export interface ShopOptions {
  seed: number;
  users: number;
  items: number;
  /** First simulated day (UTC), YYYY-MM-DD. Default 2025-01-06, a Monday. */
  startDay?: string;
  /** Dimensions of the hidden taste space. Default 8. */
  latentDims?: number;
}

/** Hidden facts about the shop itself; the same for every run. */
export interface ShopTruth {
  readonly latentDims: number;
  readonly personas: readonly PersonaSpec[];
  readonly users: ReadonlyMap<string, UserTruth>;
  readonly items: ReadonlyMap<string, ItemTruth>;
  personaOf(userId: string): PersonaName | undefined;
  /** Seasonality and promotions of a day (0 = start day). */
  day(dayIndex: number): { truth: DayTruth; promotions: readonly Promotion[] };
  /**
   * How much more than usual an item is wanted on a day: traffic (weekday, festival) ×
   * promotions × trend. Multiply by its popularity to compare items.
   */
  demandMultiplier(itemId: string, dayIndex: number): number;
}

export interface Shop {
  readonly seed: number;
  readonly startDay: string;
  readonly items: readonly CatalogItem[];
  readonly users: readonly ShopUser[];
  readonly truth: ShopTruth;
  item(itemId: string): CatalogItem | undefined;
  /** One item_upsert per item, an hour before the start day. */
  itemUpsertEvents(): Event[];
  /** A lazy, time-ordered event stream with its own `truth`; same options, same events. */
  generateEvents(options?: GenerateOptions): EventRun;
}

function checkOptions(options: ShopOptions): { startMs: number; dims: number } {
  const problems: string[] = [];
  if (!Number.isInteger(options.seed)) problems.push(`seed must be an integer (got ${options.seed})`);
  if (!Number.isInteger(options.users) || options.users < 0)
    problems.push(`users must be a non-negative integer (got ${options.users})`);
  if (!Number.isInteger(options.items) || options.items < 1)
    problems.push(`items must be a positive integer (got ${options.items})`);
  const startDay = options.startDay ?? '2025-01-06';
  const startMs = Date.parse(`${startDay}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDay) || Number.isNaN(startMs))
    problems.push(`startDay must be YYYY-MM-DD (got ${startDay})`);
  const dims = options.latentDims ?? 8;
  if (!Number.isInteger(dims) || dims < 2 || dims > 256)
    problems.push(`latentDims must be an integer in 2..256 (got ${dims})`);
  if (problems.length > 0) throw new RangeError(`invalid shop options: ${problems.join('; ')}`);
  return { startMs, dims };
}

function itemUpsert(item: SimItem, at: number): Event {
  const { itemId, title, localizedTitles, description, brand, categoryPath, price, currency, attributes, stock } =
    item.item;
  return Event.fromPartial({
    eventId: `ev-item-${itemId}-v1`,
    occurredAt: new Date(at),
    source: 'catalog',
    payload: {
      $case: 'itemUpsert',
      itemUpsert: {
        itemId,
        title,
        description,
        brand,
        categoryPath,
        price,
        currency,
        attributes,
        stock,
        localizedTitles,
      },
    },
  });
}

/** Builds a synthetic shop: catalog, users with hidden tastes, and a calendar of promotions. */
export function createShop(options: ShopOptions): Shop {
  const { startMs, dims } = checkOptions(options);
  const random = new Random(options.seed);
  const space = buildTasteSpace(random.fork('taste-space'), dims);
  const simItems = buildCatalog(random.fork('catalog'), options.items, space);
  const simUsers = buildUsers(random.fork('users'), options.users, space);
  const calendar = new Calendar(random.fork('calendar'), simItems, startMs);
  const byId = new Map(simItems.map((i) => [i.item.itemId, i]));
  const userTruth = new Map(simUsers.map((u) => [u.user.userId, u.truth]));
  const catalogEvents = () => simItems.map((item) => itemUpsert(item, startMs - 3_600_000 + item.index));
  const model = {
    random,
    items: simItems,
    users: simUsers,
    calendar,
    catalogEvents,
    chooser: new ItemChooser(simItems),
    search: new SearchIndex(simItems),
  };

  const truth: ShopTruth = {
    latentDims: dims,
    personas: PERSONAS,
    users: userTruth,
    items: new Map(simItems.map((i) => [i.item.itemId, i.truth])),
    personaOf: (userId) => userTruth.get(userId)?.persona,
    day: (dayIndex) => {
      const plan = calendar.day(dayIndex);
      return { truth: plan.truth, promotions: plan.promotions };
    },
    demandMultiplier: (itemId, dayIndex) => {
      const item = byId.get(itemId);
      if (!item) return 0;
      const plan = calendar.day(dayIndex);
      return plan.truth.traffic * plan.itemBoost[item.index]!;
    },
  };

  return {
    seed: options.seed,
    startDay: new Date(startMs).toISOString().slice(0, 10),
    items: simItems.map((i) => i.item),
    users: simUsers.map((u) => u.user),
    truth,
    item: (itemId) => byId.get(itemId)?.item,
    itemUpsertEvents: catalogEvents,
    generateEvents: (generate) => new EventRun(model, generate),
  };
}
