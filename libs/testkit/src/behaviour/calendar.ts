import type { SimItem } from '../catalog/catalog-types.js';
import type { Random } from '../random/random.js';

export const DAY_MS = 86_400_000;

export type PromotionKind = 'flash_sale' | 'category_sale' | 'festival';

export interface Promotion {
  promotionId: string;
  kind: PromotionKind;
  day: string;
  /** Festival name for festivals ("双11"), leaf category for category sales. */
  label: string;
  /** Leaf category path, for category sales. */
  categoryPath?: string[];
  /** Flash-sale items; empty for category sales and festivals (they cover a category or everything). */
  itemIds: string[];
  /** Fraction off the list price, e.g. 0.2. */
  discount: number;
  /** Multiplier on the chance that a user picks a covered item. */
  demandBoost: number;
}

export interface DayTruth {
  dayIndex: number;
  /** UTC date, YYYY-MM-DD; the simulated shop keeps its clock in UTC. */
  day: string;
  /** 0 = Sunday. */
  weekday: number;
  /** Weekly seasonality of traffic. */
  weekdayFactor: number;
  festival?: string;
  /** Multiplier on the number of sessions: weekday × festival. */
  traffic: number;
  promotionIds: string[];
}

export interface DayPlan {
  truth: DayTruth;
  start: number;
  promotions: Promotion[];
  /** Per item: trend × promotion boost; multiplies the chance of being picked. */
  itemBoost: Float64Array;
  /** Per item: fraction off the list price today. */
  itemDiscount: Float64Array;
  promotedItems: number[];
}

/** Mon–Thu dip, Friday lift, weekend peak. Index 0 = Sunday. */
export const WEEKDAY_FACTORS = [1.18, 0.92, 0.9, 0.95, 0.97, 1.05, 1.22] as const;
const FESTIVALS = ['年货节', '618大促', '双11', '双12', '会员日', '女王节'];

export function dayString(start: number, dayIndex: number): string {
  return new Date(start + dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** Bounded growth: a trend compounds for about two months, then levels off. */
export function trendFactor(trend: number, dayIndex: number): number {
  return Math.exp(trend * 60 * Math.tanh(dayIndex / 60));
}

export class Calendar {
  private readonly plans = new Map<number, DayPlan>();

  constructor(
    private readonly random: Random,
    private readonly items: readonly SimItem[],
    private readonly startMs: number,
  ) {}

  /** The plan of one day; each day draws from its own stream, so days do not depend on each other. */
  day(dayIndex: number): DayPlan {
    let plan = this.plans.get(dayIndex);
    if (!plan) {
      plan = this.buildDay(dayIndex, this.random.fork(`day:${dayIndex}`));
      this.plans.set(dayIndex, plan);
      if (this.plans.size > 64) this.plans.delete(this.plans.keys().next().value!);
    }
    return plan;
  }

  private buildDay(dayIndex: number, random: Random): DayPlan {
    const start = this.startMs + dayIndex * DAY_MS;
    const day = dayString(this.startMs, dayIndex);
    const weekday = new Date(start).getUTCDay();
    const promotions: Promotion[] = [];
    const id = (n: number) => `promo-${day}-${n}`;
    const festival = random.chance(0.05) ? random.pick(FESTIVALS) : undefined;
    if (festival) {
      promotions.push({
        promotionId: id(0),
        kind: 'festival',
        day,
        label: festival,
        itemIds: [],
        discount: 0.1,
        demandBoost: 1.3,
      });
    }
    if (this.items.length > 0 && random.chance(0.3)) {
      const item = random.pick(this.items);
      promotions.push({
        promotionId: id(1),
        kind: 'category_sale',
        day,
        label: item.item.categoryPath.join('/'),
        categoryPath: item.item.categoryPath,
        itemIds: [],
        discount: Math.round(random.between(0.1, 0.25) * 100) / 100,
        demandBoost: 1.8,
      });
    }
    if (this.items.length > 0 && random.chance(0.5)) {
      const count = Math.max(1, Math.round(this.items.length * random.between(0.003, 0.01)));
      const chosen = random.sample(this.items, count).map((i) => i.item.itemId);
      promotions.push({
        promotionId: id(2),
        kind: 'flash_sale',
        day,
        label: '限时秒杀',
        itemIds: chosen,
        discount: Math.round(random.between(0.2, 0.4) * 100) / 100,
        demandBoost: 3,
      });
    }
    const { itemBoost, itemDiscount, promotedItems } = this.applyPromotions(dayIndex, promotions);
    const weekdayFactor = WEEKDAY_FACTORS[weekday]!;
    const truth: DayTruth = {
      dayIndex,
      day,
      weekday,
      weekdayFactor,
      traffic: weekdayFactor * (festival ? 1.5 : 1),
      promotionIds: promotions.map((p) => p.promotionId),
      ...(festival ? { festival } : {}),
    };
    return { truth, start, promotions, itemBoost, itemDiscount, promotedItems };
  }

  private applyPromotions(dayIndex: number, promotions: readonly Promotion[]) {
    const n = this.items.length;
    const itemBoost = new Float64Array(n);
    const itemDiscount = new Float64Array(n);
    const promotedItems: number[] = [];
    const flash = new Set(promotions.flatMap((p) => p.itemIds));
    const covers = (p: Promotion, item: SimItem): boolean => {
      if (p.kind === 'festival') return true;
      if (p.kind === 'flash_sale') return flash.has(item.item.itemId);
      return item.item.categoryPath.join('/') === p.label;
    };
    for (const item of this.items) {
      let boost = 1;
      let discount = 0;
      for (const p of promotions) {
        if (!covers(p, item)) continue;
        boost *= p.demandBoost;
        discount = Math.max(discount, p.discount);
      }
      if (boost > 1.3) promotedItems.push(item.index);
      itemBoost[item.index] = boost * trendFactor(item.truth.trend, dayIndex);
      itemDiscount[item.index] = discount;
    }
    return { itemBoost, itemDiscount, promotedItems };
  }
}
