import { Event } from '@demand/contracts';
import type { SearchIntent, TextLanguage } from '../behaviour/search.js';
import type { DirtyLabel } from '../dirt/dirt-kinds.js';
import type { SentimentLabel } from '../vocab/review-phrases.js';
import type { DialogIntent, TurnIntent } from '../vocab/dialog-phrases.js';

export type Payload = NonNullable<Event['payload']>;
export type EventKind = Payload['$case'];

export interface ReviewNote {
  itemId: string;
  userId: string;
  orderId: string;
  rating: number;
  sentiment: SentimentLabel;
  score: number;
  language: TextLanguage;
}

export interface SearchNote {
  userId: string;
  query: string;
  language: TextLanguage;
  intent: SearchIntent;
  /** The item the shopper had in mind. */
  targetItemId: string;
}

/** What is true of a whole customer-service conversation. */
export interface ConversationNote {
  conversationId: string;
  userId: string;
  itemId: string;
  intent: DialogIntent;
  stage: 'pre_purchase' | 'post_purchase';
  language: TextLanguage;
}

export interface TurnNote extends ConversationNote {
  role: 'customer' | 'agent';
  turnIntent?: TurnIntent;
}

/** An event waiting in the time-ordered buffer, with what the truth should learn when it is emitted. */
export interface PlannedEvent {
  /** Emission time (ms); equals occurred_at except for re-sends and future-dated dirt. */
  at: number;
  /** Creation order; breaks ties between equal times. */
  order: number;
  event: Event;
  origin: 'human' | 'bot';
  startsSession?: boolean;
  purchase?: { itemIndex: number; units: number };
  review?: ReviewNote;
  search?: SearchNote;
  turn?: TurnNote;
  dirt?: DirtyLabel;
  /** Some allowed dirt kind could have corrupted it. */
  dirtEligible?: boolean;
  /** A re-send of an event emitted earlier (same event id). */
  resend?: boolean;
}

export interface EventHeader {
  userId: string;
  sessionId: string;
  source: string;
}

export function makeEvent(eventId: string, header: EventHeader, at: number, payload: Payload): Event {
  return Event.fromPartial({ eventId, ...header, occurredAt: new Date(at), payload } as Parameters<
    typeof Event.fromPartial
  >[0]);
}
