import { TextKind, type Event, type TextEntity } from '@demand/contracts';
import { detectLanguage, type Entity } from '@demand/text';
import { EMPTY } from './empty.js';
import { Flags } from './flags.js';
import type { CleanedTextParts } from './text-memo.js';

/** Normalises and masks one text (libs/text's cleaner, bound to the catalog). */
export type CleanTextFn = (input: string) => CleanedTextParts;

type Payload = NonNullable<Event['payload']>;

/** A text of an event after cleaning, before it becomes a CleanText record. */
export interface TextDraft {
  kind: TextKind;
  /** The source event id, or `item:<item_id>`. */
  textId: string;
  text: string;
  tokens: string[];
  entities: TextEntity[];
  emojis: string[];
  language: string;
}

export type CleanedTexts =
  | { ok: true; payload: Payload; flags: readonly string[]; drafts: readonly TextDraft[] }
  | { ok: false; field: string; problem: string };

/** The kinds that carry free text; the others (views, clicks, carts, purchases) pass untouched. */
const TEXT_KINDS: ReadonlySet<Payload['$case']> = new Set(['search', 'review', 'dialogTurn', 'itemUpsert']);

const EMPTY_PROBLEM = 'nothing is left after cleaning (only markup, control characters or whitespace)';

/**
 * Replaces every free text of an event (review, search query, dialog turn, item title and
 * description, localized titles) by its normalised, PII-masked form, and drafts the texts
 * the models get. A required text that cleans to nothing is a problem naming the field.
 */
export function cleanEventTexts(payload: Payload, eventId: string, clean: CleanTextFn): CleanedTexts {
  if (!TEXT_KINDS.has(payload.$case)) return { ok: true, payload, flags: EMPTY, drafts: EMPTY };
  const flags = new Set<string>();
  const run = (input: string): CleanedTextParts => {
    const cleaned = clean(input);
    if (cleaned.flags.piiMasked) flags.add(Flags.piiMasked);
    if (cleaned.flags.htmlStripped) flags.add(Flags.htmlStripped);
    if (cleaned.flags.truncated) flags.add(Flags.textTruncated);
    return cleaned;
  };
  const done = (next: Payload, drafts: TextDraft[]): CleanedTexts => ({
    ok: true,
    payload: next,
    flags: [...flags],
    drafts,
  });

  switch (payload.$case) {
    case 'search': {
      const cleaned = run(payload.search.query);
      if (cleaned.flags.empty) return { ok: false, field: 'search.query', problem: EMPTY_PROBLEM };
      return done({ $case: 'search', search: { ...payload.search, query: cleaned.text } }, [
        draft(TextKind.TEXT_KIND_QUERY, eventId, cleaned),
      ]);
    }
    case 'review': {
      if (payload.review.text === '') return done(payload, []);
      const cleaned = run(payload.review.text);
      const next: Payload = { $case: 'review', review: { ...payload.review, text: cleaned.text } };
      if (cleaned.flags.empty) {
        flags.add(Flags.textEmpty);
        return done(next, []);
      }
      return done(next, [draft(TextKind.TEXT_KIND_REVIEW, eventId, cleaned)]);
    }
    case 'dialogTurn': {
      const cleaned = run(payload.dialogTurn.text);
      if (cleaned.flags.empty) return { ok: false, field: 'dialog_turn.text', problem: EMPTY_PROBLEM };
      return done({ $case: 'dialogTurn', dialogTurn: { ...payload.dialogTurn, text: cleaned.text } }, [
        draft(TextKind.TEXT_KIND_DIALOG_TURN, eventId, cleaned),
      ]);
    }
    case 'itemUpsert': {
      const item = payload.itemUpsert;
      const title = run(item.title);
      if (title.flags.empty) return { ok: false, field: 'item_upsert.title', problem: EMPTY_PROBLEM };
      const description = item.description === '' ? undefined : run(item.description);
      const localizedTitles = Object.fromEntries(
        Object.entries(item.localizedTitles).map(([language, text]) => [language, run(text).text]),
      );
      const next: Payload = {
        $case: 'itemUpsert',
        itemUpsert: { ...item, title: title.text, description: description?.text ?? '', localizedTitles },
      };
      return done(next, [itemDraft(item.itemId, title, description)]);
    }
    default:
      return done(payload, []);
  }
}

function toTextEntity(entity: Entity, shift = 0): TextEntity {
  return {
    kind: entity.kind,
    value: entity.value,
    normalized: entity.normalized ?? '',
    start: entity.start + shift,
    end: entity.end + shift,
    attribute: entity.attribute ?? '',
  };
}

function draft(kind: TextKind, textId: string, cleaned: CleanedTextParts): TextDraft {
  return {
    kind,
    textId,
    text: cleaned.text,
    // Shared with remembered answers (frozen); ts-proto types them mutable, and nothing downstream writes them.
    tokens: cleaned.tokens as string[],
    entities: cleaned.entities.map((e) => toTextEntity(e)),
    emojis: cleaned.emojis as string[],
    language: cleaned.language,
  };
}

/** One text per item: the title, a line break, the description; entity offsets follow. */
function itemDraft(itemId: string, title: CleanedTextParts, description: CleanedTextParts | undefined): TextDraft {
  const textId = `item:${itemId}`;
  if (!description || description.flags.empty) return draft(TextKind.TEXT_KIND_ITEM, textId, title);
  const text = `${title.text}\n${description.text}`;
  const shift = title.text.length + 1;
  return {
    kind: TextKind.TEXT_KIND_ITEM,
    textId,
    text,
    tokens: [...title.tokens, ...description.tokens],
    entities: [
      ...title.entities.map((e) => toTextEntity(e)),
      ...description.entities.map((e) => toTextEntity(e, shift)),
    ],
    emojis: [...title.emojis, ...description.emojis],
    language: detectLanguage(text),
  };
}
