import { LruMap } from '@demand/lru-map';
import type { CatalogTextCleaner, CleanedText, Entity, EntityDictionary } from '@demand/text';

/**
 * What the preprocessor reads of a cleaned text. Never the PII findings (`pii`): they hold the raw
 * personal data the cleaning masked, and a remembered text must not keep them. Read-only, as a
 * remembered answer is frozen and shared by the events of several batches.
 */
export interface CleanedTextParts {
  readonly text: string;
  readonly tokens: readonly string[];
  readonly entities: readonly Readonly<Entity>[];
  readonly language: CleanedText['language'];
  readonly emojis: readonly string[];
  readonly flags: Readonly<CleanedText['flags']>;
}

export interface TextMemoLimits {
  /** Distinct texts remembered, at most (least recently used forgotten first). */
  entries: number;
  /** Longer texts are cleaned every time, never remembered (search queries are short; reviews rarely repeat). */
  maxInputLength: number;
  /** Answers with more tokens + entities + emojis are not remembered: an answer's size grows with them. */
  maxAnswerParts: number;
}

/** Measured bounds (10,000 entries): see the service README, "The memory of cleaned texts". */
export const defaultTextMemoLimits: TextMemoLimits = { entries: 10_000, maxInputLength: 200, maxAnswerParts: 40 };

/**
 * The catalog text cleaner with a bounded memory of its recent answers: shoppers repeat search queries,
 * and a text costs ≈ 10 µs (warm) to ≈ 33 µs (cold caches) to clean. An answer depends only on the text and
 * the catalog dictionary, so the memory is emptied whenever the dictionary learns terms; within one
 * dictionary a remembered answer is the one cleaning would give again. Texts in which personal data was
 * masked are never remembered: their raw form must not outlive the batch. Remembered answers are frozen.
 */
export class MemoizedTextCleaner {
  private memo: LruMap<string, CleanedTextParts>;

  constructor(
    private readonly cleaner: CatalogTextCleaner,
    private readonly limits: TextMemoLimits = defaultTextMemoLimits,
  ) {
    this.memo = new LruMap(limits.entries);
  }

  readonly clean = (input: string): CleanedTextParts => {
    if (input.length > this.limits.maxInputLength) return this.cleaner.clean(input);
    const known = this.memo.get(input);
    if (known !== undefined) return known;
    const cleaned = this.cleaner.clean(input);
    if (!this.worthRemembering(cleaned)) return cleaned;
    const parts = frozenParts(cleaned);
    this.memo.set(input, parts);
    return parts;
  };

  /**
   * Teaches the cleaner catalog terms; what it remembered was cleaned with the old dictionary and is dropped
   * first, so a learn that fails part-way (the catalog view may already count the terms as known) leaves no
   * stale answer behind.
   */
  learn(terms: Partial<EntityDictionary>): number {
    this.memo = new LruMap(this.limits.entries);
    return this.cleaner.learn(terms);
  }

  private worthRemembering(cleaned: CleanedText): boolean {
    if (cleaned.flags.piiMasked) return false;
    const parts = cleaned.tokens.length + cleaned.entities.length + cleaned.emojis.length;
    return parts <= this.limits.maxAnswerParts;
  }
}

function frozenParts(cleaned: CleanedText): CleanedTextParts {
  return Object.freeze({
    text: cleaned.text,
    tokens: Object.freeze(cleaned.tokens),
    entities: Object.freeze(cleaned.entities.map((e) => Object.freeze(e))),
    language: cleaned.language,
    emojis: Object.freeze(cleaned.emojis),
    flags: Object.freeze(cleaned.flags),
  });
}
