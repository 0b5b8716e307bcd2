import type { DayPlan, DayTruth, Promotion } from '../behaviour/calendar.js';
import type { SearchIntent, TextLanguage } from '../behaviour/search.js';
import type { DirtyLabel } from '../dirt/dirt-kinds.js';
import type { ConversationNote, EventKind, PlannedEvent, ReviewNote } from '../stream/planned-event.js';
import type { TurnIntent } from '../vocab/dialog-phrases.js';

export interface ReviewTruth extends ReviewNote {
  eventId: string;
}

export interface SearchTruth {
  eventId: string;
  userId: string;
  query: string;
  language: TextLanguage;
  /** Key into `searchIntents`. */
  intentKey: string;
  /** The item the shopper had in mind (one of the intent's items). */
  targetItemId: string;
}

export interface ConversationTruth extends ConversationNote {
  turns: { eventId: string; role: 'customer' | 'agent'; intent?: TurnIntent }[];
}

export interface RunCounts {
  /** Everything emitted, re-sends included. */
  events: number;
  humanEvents: number;
  botEvents: number;
  /** People's events corrupted in place. */
  dirtyEvents: number;
  /** People's events that some allowed dirt kind could have corrupted (the base of `dirt.dirtyRate`). */
  dirtEligibleEvents: number;
  /** Extra copies of earlier events (same event id). */
  resentEvents: number;
  humanSessions: number;
  botSessions: number;
  catalogEvents: number;
  /** People's events by kind, first copies only, dirty included. */
  humanByKind: Record<EventKind, number>;
}

/** What is true about the events one run emitted; filled in as they are emitted. */
export interface RunTruth {
  readonly days: readonly DayTruth[];
  readonly promotions: readonly Promotion[];
  readonly botUserIds: ReadonlySet<string>;
  readonly botSessionIds: ReadonlySet<string>;
  readonly botEventIds: ReadonlySet<string>;
  /** By event id: how each dirty record was corrupted and which rule it should trip. */
  readonly dirty: ReadonlyMap<string, DirtyLabel>;
  /** By event id: how many extra copies were re-sent. */
  readonly resent: ReadonlyMap<string, number>;
  /** By review event id. */
  readonly reviews: ReadonlyMap<string, ReviewTruth>;
  /** By search event id. */
  readonly searches: ReadonlyMap<string, SearchTruth>;
  /** By intent key: the need behind queries and the items that satisfy it. */
  readonly searchIntents: ReadonlyMap<string, SearchIntent>;
  /** By conversation id. */
  readonly conversations: ReadonlyMap<string, ConversationTruth>;
  /** By event id of customer turns. */
  readonly customerTurnIntents: ReadonlyMap<string, TurnIntent>;
  /** Units people bought, by day then item id (true demand, whatever dirt did to the records). */
  readonly demand: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly counts: Readonly<RunCounts>;
  isBot(eventId: string): boolean;
  /** False for bots' events and for dirt the collector must reject; re-sends share their original's answer. */
  shouldKeep(eventId: string): boolean;
  unitsSold(itemId: string, day: string): number;
}

const emptyCounts = (): RunCounts => ({
  events: 0,
  humanEvents: 0,
  botEvents: 0,
  dirtyEvents: 0,
  dirtEligibleEvents: 0,
  resentEvents: 0,
  humanSessions: 0,
  botSessions: 0,
  catalogEvents: 0,
  humanByKind: {
    view: 0,
    click: 0,
    search: 0,
    addToCart: 0,
    removeFromCart: 0,
    purchase: 0,
    review: 0,
    dialogTurn: 0,
    itemUpsert: 0,
  },
});

export class RunTruthRecorder implements RunTruth {
  readonly days: DayTruth[] = [];
  readonly promotions: Promotion[] = [];
  readonly botUserIds: ReadonlySet<string>;
  readonly botSessionIds = new Set<string>();
  readonly botEventIds = new Set<string>();
  readonly dirty = new Map<string, DirtyLabel>();
  readonly resent = new Map<string, number>();
  readonly reviews = new Map<string, ReviewTruth>();
  readonly searches = new Map<string, SearchTruth>();
  readonly searchIntents = new Map<string, SearchIntent>();
  readonly conversations = new Map<string, ConversationTruth>();
  readonly customerTurnIntents = new Map<string, TurnIntent>();
  readonly demand = new Map<string, Map<string, number>>();
  readonly counts: RunCounts = emptyCounts();

  constructor(
    private readonly itemIds: readonly string[],
    botUserIds: readonly string[],
  ) {
    this.botUserIds = new Set(botUserIds);
  }

  isBot(eventId: string): boolean {
    return this.botEventIds.has(eventId);
  }

  shouldKeep(eventId: string): boolean {
    return !this.botEventIds.has(eventId) && this.dirty.get(eventId)?.expect !== 'reject';
  }

  unitsSold(itemId: string, day: string): number {
    return this.demand.get(day)?.get(itemId) ?? 0;
  }

  /** Forgets everything, for a replay of the run. */
  reset(): void {
    this.days.length = 0;
    this.promotions.length = 0;
    for (const map of [this.botSessionIds, this.botEventIds, this.dirty, this.resent, this.reviews, this.searches])
      map.clear();
    for (const map of [this.searchIntents, this.conversations, this.customerTurnIntents, this.demand]) map.clear();
    Object.assign(this.counts, emptyCounts());
  }

  addDay(plan: DayPlan): void {
    this.days.push(plan.truth);
    this.promotions.push(...plan.promotions);
  }

  recordCatalogEvent(): void {
    this.counts.events++;
    this.counts.catalogEvents++;
  }

  record(planned: PlannedEvent): void {
    const { event } = planned;
    this.counts.events++;
    if (planned.resend) {
      this.counts.resentEvents++;
      this.resent.set(event.eventId, (this.resent.get(event.eventId) ?? 0) + 1);
      return;
    }
    if (planned.origin === 'bot') {
      this.counts.botEvents++;
      this.botEventIds.add(event.eventId);
      if (planned.startsSession) {
        this.counts.botSessions++;
        this.botSessionIds.add(event.sessionId);
      }
      return;
    }
    this.counts.humanEvents++;
    this.counts.humanByKind[event.payload!.$case]++;
    if (planned.startsSession) this.counts.humanSessions++;
    if (planned.dirtEligible) this.counts.dirtEligibleEvents++;
    if (planned.dirt) {
      this.counts.dirtyEvents++;
      this.dirty.set(event.eventId, planned.dirt);
    }
    this.recordMeaning(planned);
  }

  private recordMeaning(planned: PlannedEvent): void {
    const { event } = planned;
    const eventId = event.eventId;
    if (planned.purchase) {
      const day = new Date(planned.at).toISOString().slice(0, 10);
      const byItem = this.demand.get(day) ?? new Map<string, number>();
      const itemId = this.itemIds[planned.purchase.itemIndex]!;
      byItem.set(itemId, (byItem.get(itemId) ?? 0) + planned.purchase.units);
      this.demand.set(day, byItem);
    }
    if (planned.review) this.reviews.set(eventId, { eventId, ...planned.review });
    if (planned.search) {
      const { intent, userId, query, language, targetItemId } = planned.search;
      this.searchIntents.set(intent.key, intent);
      this.searches.set(eventId, { eventId, userId, query, language, intentKey: intent.key, targetItemId });
    }
    if (planned.turn) {
      const { turn } = planned;
      let conversation = this.conversations.get(turn.conversationId);
      if (!conversation) {
        const { conversationId, userId, itemId, intent, stage, language } = turn;
        conversation = { conversationId, userId, itemId, intent, stage, language, turns: [] };
        this.conversations.set(conversationId, conversation);
      }
      conversation.turns.push({ eventId, role: turn.role, ...(turn.turnIntent ? { intent: turn.turnIntent } : {}) });
      if (turn.turnIntent) this.customerTurnIntents.set(eventId, turn.turnIntent);
    }
  }
}
