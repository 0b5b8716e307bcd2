import type { SimItem } from '../catalog/catalog-types.js';
import { makeEvent, type Payload, type PlannedEvent } from '../stream/planned-event.js';
import type { EventSource, SimUser } from '../users/build-users.js';
import type { DayPlan } from './calendar.js';
import { afterPurchase, converse } from './follow-ups.js';
import { satisfactionScore } from './reviews.js';
import { MINUTE, SECOND, roundPrice, type SimContext } from './sim-context.js';

const SOURCES: readonly EventSource[] = ['app', 'web', 'mini_program'];
const BROWSE_SURFACES = ['recs', 'list', 'detail'] as const;
const BROWSE_SURFACE_WEIGHTS = [0.4, 0.4, 0.2];

interface Visit {
  item: SimItem;
  surface: 'recs' | 'list' | 'detail' | 'search';
  position: number;
  /** The item the shopper searched for. */
  wanted: boolean;
}

interface CartLine {
  item: SimItem;
  quantity: number;
  unitPrice: number;
}

/** One visit of a person to the shop: search or browse, views, cart, maybe an order. Returns when it ends. */
export function simulateSession(ctx: SimContext, user: SimUser, plan: DayPlan, startAt: number): number {
  const r = ctx.random;
  const source = r.chance(0.8) ? user.truth.preferredSource : r.pick(SOURCES);
  const session = new SessionWriter(ctx, user.user.userId, ctx.ids.session(), source, startAt);
  const emit = session.emit.bind(session);

  const visits: Visit[] = [];
  const searched = r.chance(user.persona.searchRate);
  if (searched) {
    const target = ctx.chooser.pick(user, plan, r);
    const found = ctx.search.queryFor(target, user.truth.englishShare, r);
    emit(
      { $case: 'search', search: { query: found.query, resultsCount: found.results.length } },
      {
        search: {
          userId: user.user.userId,
          query: found.query,
          language: found.language,
          intent: found.intent,
          targetItemId: target.item.itemId,
        },
      },
    );
    session.wait(r.int(2, 8) * SECOND);
    const position = (item: SimItem) => found.results.indexOf(item);
    if (r.chance(0.75)) visits.push({ item: target, surface: 'search', position: position(target), wanted: true });
    const others = ctx.chooser.rankFor(user, found.results.filter((i) => i !== target).slice(0, 30));
    for (const item of others.slice(0, r.geometric(1.2)))
      visits.push({ item, surface: 'search', position: position(item), wanted: false });
  }
  const browsing = searched ? r.geometric(user.persona.browseDepth / 2) : 1 + r.geometric(user.persona.browseDepth);
  for (let k = 0; k < browsing; k++) {
    const surface = BROWSE_SURFACES[r.weightedIndex(BROWSE_SURFACE_WEIGHTS)]!;
    visits.push({ item: ctx.chooser.pick(user, plan, r), surface, position: r.geometric(4), wanted: false });
  }

  const cart = new Map<SimItem, CartLine>();
  for (const visit of visits) {
    const { item } = visit;
    const fit = ctx.chooser.fit(user, item);
    let surface: string = visit.surface;
    if (visit.surface !== 'detail' && r.chance(0.7)) {
      emit({
        $case: 'click',
        click: { itemId: item.item.itemId, surface: visit.surface, position: visit.position, recRequestId: '' },
      });
      session.wait(r.int(1, 4) * SECOND);
      surface = 'detail';
    }
    const dwellMs = Math.round(
      Math.min(600_000, Math.max(500, r.logNormal(Math.log(12_000) + 0.8 * (fit - 0.5), 0.7))),
    );
    emit({ $case: 'view', view: { itemId: item.item.itemId, surface, dwellMs } });
    session.wait(dwellMs);
    if (!cart.has(item) && r.chance(cartChance(user, item, fit, plan, visit.wanted))) {
      const quantity = item.leaf.maxQuantity > 1 && r.chance(0.2) ? r.int(2, item.leaf.maxQuantity) : 1;
      const unitPrice = roundPrice(item.item.price * (1 - plan.itemDiscount[item.index]!));
      emit({ $case: 'addToCart', addToCart: { itemId: item.item.itemId, quantity, unitPrice, currency: 'CNY' } });
      cart.set(item, { item, quantity, unitPrice });
    }
    session.wait(r.int(3, 30) * SECOND);
  }

  if (visits.length > 0 && r.chance(0.02 * user.persona.contactRate)) {
    converse(ctx, user, r.pick(visits).item, 'pre_purchase', false, session.time - r.int(0, 60) * SECOND);
  }
  return checkout(ctx, user, cart, session);
}

/** Chance that a viewed item goes to the cart: taste fit, price, today's discount, and whether it was searched for. */
function cartChance(user: SimUser, item: SimItem, fit: number, plan: DayPlan, wanted: boolean): number {
  const p =
    0.075 *
    user.persona.conversion *
    Math.exp(1.8 * (fit - 0.6)) *
    Math.exp(-0.35 * user.truth.priceSensitivity * item.relativePrice) *
    (1 + 1.5 * plan.itemDiscount[item.index]!) *
    (wanted ? 1.5 : 1);
  return Math.min(0.45, Math.max(0.002, p));
}

function checkout(ctx: SimContext, user: SimUser, cart: Map<SimItem, CartLine>, session: SessionWriter): number {
  const r = ctx.random;
  for (const line of [...cart.values()]) {
    if (!r.chance(0.15)) continue;
    session.wait(r.int(2, 20) * SECOND);
    session.emit({
      $case: 'removeFromCart',
      removeFromCart: { itemId: line.item.item.itemId, quantity: line.quantity },
    });
    cart.delete(line.item);
  }
  if (cart.size === 0 || !r.chance(user.persona.checkoutRate)) return session.time;
  const orderId = ctx.ids.order();
  session.wait(r.int(20, 120) * SECOND);
  for (const { item, quantity, unitPrice } of cart.values()) {
    session.emit(
      { $case: 'purchase', purchase: { orderId, itemId: item.item.itemId, quantity, unitPrice, currency: 'CNY' } },
      { purchase: { itemIndex: item.index, units: quantity } },
      'order_system',
    );
    const score = satisfactionScore(item.truth.quality, ctx.chooser.fit(user, item), r);
    afterPurchase(ctx, user, item, orderId, score, session.time);
  }
  return session.time + r.int(0, 2) * MINUTE;
}

/** Writes one session's events on a running clock. */
class SessionWriter {
  private first = true;

  constructor(
    private readonly ctx: SimContext,
    private readonly userId: string,
    private readonly sessionId: string,
    private readonly source: string,
    public time: number,
  ) {}

  wait(ms: number): void {
    this.time += ms;
  }

  emit(payload: Payload, extra: Partial<PlannedEvent> = {}, source = this.source): void {
    const header = { userId: this.userId, sessionId: this.sessionId, source };
    const event = makeEvent(this.ctx.ids.event(), header, this.time, payload);
    this.ctx.push({ at: this.time, event, origin: 'human', startsSession: this.first, ...extra });
    this.first = false;
  }
}
