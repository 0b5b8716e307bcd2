import { itemIdOf, type CleanEvent, type CleanText, type Event, type ItemUpsert } from '@demand/contracts';
import { validateEvent, ValidationError, type EventLimits } from '@demand/event-validation';
import type { BotDetector, BotSignal } from './bot-detector.js';
import { hasTerms, knownItemOf, type CatalogTerms, type CatalogView } from './catalog-view.js';
import type { CurrencyTable } from './currency.js';
import { browsedItemIdOf, openedItemIdOf } from './event-fields.js';
import { cleanEventTexts, type CleanTextFn, type TextDraft } from './event-texts.js';
import { EMPTY } from './empty.js';
import { Flags } from './flags.js';
import { isPriceOutlier, normalisePrices, paidUnitPrice } from './prices.js';
import type { Pseudonymizer } from '@demand/pseudonyms';
import type { IdPrint, RecentIds } from './recent-ids.js';

/** 2: user ids pseudonymised, texts masked and normalised, prices in the base currency. */
export const cleanEventSchemaVersion = 2;
export const cleanTextSchemaVersion = 1;

/** Fixed rules of the cleaning, from configuration. */
export interface PreprocessRules {
  limits: EventLimits;
  currency: CurrencyTable;
  /** An event received this long after it occurred is flagged `late`. */
  lateAfterMs: number;
}

/** What the preprocessor remembers between batches. */
export interface PreprocessState {
  seen: RecentIds;
  catalog: CatalogView;
  cleanText: CleanTextFn;
  /** Teaches the text cleaner new catalog terms. */
  learnTerms(terms: CatalogTerms): void;
  pseudonyms: Pseudonymizer;
  bots: BotDetector;
}

export interface PreprocessResult {
  clean: CleanEvent[];
  texts: CleanText[];
  /** Positions in the input that cannot be cleaned, with the reason; they belong in the DLQ. */
  rejected: { index: number; reason: string }[];
  duplicates: number;
  /** Items this batch taught the catalog view, as cleaned (prices in the base currency). */
  items: ItemUpsert[];
  /** Makes the batch part of the memory (duplicate window, bot windows); call once it is published. */
  commit(): void;
}

interface Accepted {
  index: number;
  event: Event;
  /** The event id's fingerprint, added to the duplicate window on commit. */
  idPrint: IdPrint;
  /** Shared (EMPTY) when the event has none: most events have none. */
  flags: readonly string[];
  drafts: readonly TextDraft[];
  bot: BotSignal | undefined;
}

/** The accepted event, or why it cannot be cleaned. */
type Step = Accepted | string;

/**
 * Cleans one batch of raw events: drops ids already seen, rejects what breaks the contract or
 * cannot be cleaned, converts prices, masks and normalises every text, pseudonymises users,
 * flags late events, unknown items, odd prices and bots, and drafts texts for the models.
 * Catalog upserts are applied first, so the batch's behaviour already knows its items.
 */
export function preprocess(
  events: readonly Event[],
  rules: PreprocessRules,
  state: PreprocessState,
  now: Date,
): PreprocessResult {
  const rejected: { index: number; reason: string }[] = [];
  const items: ItemUpsert[] = [];
  const accepted: Accepted[] = [];
  const inBatch = new Set<string>();
  let duplicates = 0;

  const upserts = upsertPositions(events);
  for (const index of upserts.length > 0 ? upsertsFirst(events.length, upserts) : events.keys()) {
    const event = events[index]!;
    const idPrint = state.seen.printOf(event.eventId);
    if (state.seen.has(idPrint) || inBatch.has(event.eventId)) {
      duplicates++;
      continue;
    }
    const step = cleanOne(event, index, idPrint, rules, state, now);
    if (typeof step === 'string') {
      rejected.push({ index, reason: step });
      continue;
    }
    inBatch.add(event.eventId);
    accepted.push(step);
    const payload = step.event.payload!;
    if (payload.$case === 'itemUpsert') {
      const terms = state.catalog.learn(knownItemOf(payload.itemUpsert));
      if (hasTerms(terms)) state.learnTerms(terms);
      items.push(payload.itemUpsert);
    }
  }
  if (upserts.length > 0) {
    accepted.sort((a, b) => a.index - b.index);
    rejected.sort((a, b) => a.index - b.index);
  }

  const bots = state.bots.assess(accepted.map((a) => a.bot));
  const clean: CleanEvent[] = [];
  const texts: CleanText[] = [];
  accepted.forEach((a, i) => {
    const botFlags = bots.flags[i]!;
    // Flags are only read downstream: events without any share one empty list.
    const flags = (botFlags.length === 0 ? a.flags : [...a.flags, ...botFlags]) as string[];
    clean.push({ event: a.event, flags, schemaVersion: cleanEventSchemaVersion });
    for (const draft of a.drafts) texts.push(toCleanText(draft, a.event, flags));
  });

  return {
    clean,
    texts,
    rejected,
    duplicates,
    items,
    commit: () => {
      for (const a of accepted) state.seen.add(a.idPrint);
      bots.commit();
    },
  };
}

function upsertPositions(events: readonly Event[]): number[] {
  const positions: number[] = [];
  for (let i = 0; i < events.length; i++) if (events[i]!.payload?.$case === 'itemUpsert') positions.push(i);
  return positions;
}

/** Every position, the item upserts' first, each part in input order. */
function upsertsFirst(count: number, upserts: readonly number[]): number[] {
  const isUpsert = new Set(upserts);
  const order = [...upserts];
  for (let i = 0; i < count; i++) if (!isUpsert.has(i)) order.push(i);
  return order;
}

function cleanOne(
  raw: Event,
  index: number,
  idPrint: IdPrint,
  rules: PreprocessRules,
  state: PreprocessState,
  now: Date,
): Step {
  const receivedAt = raw.receivedAt ?? now;
  try {
    validateEvent(raw, 'event', rules.limits, receivedAt);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.message;
  }
  const prices = normalisePrices(raw.payload!, rules.currency, rules.limits.maxPrice);
  if (!prices.ok) return `event.${prices.field}: ${prices.problem}`;
  const texts = cleanEventTexts(prices.payload, raw.eventId, state.cleanText);
  if (!texts.ok) return `event.${texts.field}: ${texts.problem}`;

  const payload = texts.payload;
  // Imported history (backfill) is old by design, not late.
  const late = !raw.backfill && receivedAt.getTime() - raw.occurredAt!.getTime() > rules.lateAfterMs;
  let flags = joinFlags(late ? LATE : EMPTY, prices.flags, texts.flags);
  const userId = state.pseudonyms.pseudonymOf(raw.userId);
  const event: Event = { ...raw, userId, receivedAt, payload };
  if (payload.$case === 'itemUpsert') return { index, event, idPrint, flags, drafts: texts.drafts, bot: undefined };

  const itemId = itemIdOf(payload);
  const unknown = itemId !== '' && !state.catalog.has(itemId);
  const paid = paidUnitPrice(payload);
  const outlier = paid !== undefined && isPriceOutlier(paid, state.catalog.priceOf(itemId));
  if (unknown || outlier) flags = joinFlags(flags, unknown ? UNKNOWN_ITEM : EMPTY, outlier ? PRICE_OUTLIER : EMPTY);
  const bot: BotSignal = {
    sessionKey: `${userId}/${raw.sessionId}`,
    userKey: userId,
    at: raw.occurredAt!.getTime(),
    browsedItemId: browsedItemIdOf(payload),
    openedItemId: openedItemIdOf(payload),
    imported: raw.backfill,
  };
  return { index, event, idPrint, flags, drafts: texts.drafts, bot };
}

const LATE: readonly string[] = Object.freeze([Flags.late]);
const UNKNOWN_ITEM: readonly string[] = Object.freeze([Flags.unknownItem]);
const PRICE_OUTLIER: readonly string[] = Object.freeze([Flags.priceOutlier]);

/** The lists one after another; no new list when at most one of them has flags. */
function joinFlags(a: readonly string[], b: readonly string[], c: readonly string[]): readonly string[] {
  if (b.length === 0 && c.length === 0) return a;
  if (a.length === 0 && c.length === 0) return b;
  if (a.length === 0 && b.length === 0) return c;
  return [...a, ...b, ...c];
}

function toCleanText(draft: TextDraft, event: Event, flags: readonly string[]): CleanText {
  const p = event.payload!;
  return {
    textId: draft.textId,
    kind: draft.kind,
    sourceEventId: event.eventId,
    userId: event.userId,
    itemId: itemIdOf(p) || (p.$case === 'itemUpsert' ? p.itemUpsert.itemId : ''),
    conversationId: p.$case === 'dialogTurn' ? p.dialogTurn.conversationId : '',
    language: draft.language,
    maskedText: draft.text,
    tokens: draft.tokens,
    entities: draft.entities,
    emojis: draft.emojis,
    rating: p.$case === 'review' ? p.review.rating : 0,
    role: p.$case === 'dialogTurn' ? p.dialogTurn.role : 0,
    occurredAt: event.occurredAt,
    flags: [...flags],
    schemaVersion: cleanTextSchemaVersion,
  };
}
