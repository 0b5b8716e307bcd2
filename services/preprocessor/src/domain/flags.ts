/**
 * Flags the preprocessor sets on a clean event (and copies onto its texts). A flagged event is
 * kept on events.clean.v1 for audit; consumers decide what a flag means for them, and
 * `excludedFromTraining` says which ones keep an event out of counts and training signals.
 */
export const Flags = {
  /** Received more than the configured lateness after it occurred. */
  late: 'late',
  /** Its item_id is not in the catalog view (no item_upsert seen for it yet). */
  unknownItem: 'unknown_item',
  /** Its unit price is more than 10× above or below the catalog price. */
  priceOutlier: 'price_outlier',
  /** A price was converted into the base currency (the original code follows the colon). */
  currencyConverted: (from: string) => `currency_converted:${from}`,
  /** Personal data in a text was replaced by placeholders. */
  piiMasked: 'pii_masked',
  htmlStripped: 'html_stripped',
  textTruncated: 'truncated',
  /** A review whose text was nothing but markup, control characters or whitespace. */
  textEmpty: 'text_empty',
  /** A bot rule fired for the event's session or user (the rule follows the colon). */
  bot: (rule: BotRule) => `bot:${rule}`,
} as const;

export type BotRule =
  | 'rate'
  | 'regular_interval'
  | 'sequential_items'
  | 'paced_browsing'
  | 'user_rate'
  | 'flagged_user';

export const BOT_RULES: readonly BotRule[] = [
  'rate',
  'regular_interval',
  'sequential_items',
  'paced_browsing',
  'user_rate',
  'flagged_user',
];

export const BOT_FLAG_PREFIX = 'bot:';

/** True when an event with these flags must not count as a person's behaviour (bots). */
export function excludedFromTraining(flags: readonly string[]): boolean {
  return flags.some((f) => f.startsWith(BOT_FLAG_PREFIX));
}
