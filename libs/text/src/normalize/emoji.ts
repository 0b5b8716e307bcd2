/**
 * Emoji are sentiment signal, so they stay in the text and are also listed in order of
 * appearance (repeats included: "👍👍👍" is stronger than "👍"). Full RGI sequences (skin
 * tones, ZWJ families, flags, keycaps) count as one emoji; bare text-style symbols that
 * reviewers use as emoji (❤ ☺ ★ ✔) count too.
 */

// A code-point approximation of RGI emoji (the `v`-flag \p{RGI_Emoji} is several times
// slower): flags, keycaps, subdivision flags, pictographs with variation selector, skin tone
// and ZWJ continuations. Symbols that are text by default (©, ®, ™, ↔…) count only with U+FE0F.
const TEXT_DEFAULT = String.raw`[\u00A9\u00AE\u203C\u2049\u2122\u2139\u2194-\u2199\u21A9\u21AA\u24C2\u3030\u303D\u3297\u3299]`;
const PICTOGRAPH = String.raw`(?:(?!${TEXT_DEFAULT}(?!\uFE0F))\p{Extended_Pictographic}|[\u2600-\u27BF])`;
const EMOJI = new RegExp(
  String.raw`\p{RI}\p{RI}|[#*0-9]\uFE0F?\u20E3|\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|` +
    String.raw`${PICTOGRAPH}(?:\uFE0F|\p{EMod})?(?:\u200D${PICTOGRAPH}(?:\uFE0F|\p{EMod})?)*`,
  'gu',
);
const MAYBE_EMOJI =
  /[\u00A9\u00AE\u203C\u2049\u20E3\u2122\u2139\u2194-\u21AA\u231A-\u23FF\u24C2\u25AA-\u25FE\u2600-\u27BF\u2934\u2935\u2B05-\u2B55\u3030\u303D\u3297\u3299\u{1F000}-\u{1FAFF}]/u;

export function findEmojis(text: string): string[] {
  if (!MAYBE_EMOJI.test(text)) return [];
  return text.match(EMOJI) ?? [];
}
