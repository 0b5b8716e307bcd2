import type { BotDetector, BotSignal } from '../src/domain/bot-detector.js';

export const t0 = Date.parse('2026-11-23T10:00:00Z');
export const item = (n: number) => `i-${String(n).padStart(5, '0')}`;
/** A live view or click that opened the item's page ('' : another event kind). */
export const page = (id: string) => ({ browsedItemId: id, openedItemId: id, imported: false });
/** A tile of the item seen on a list, search or recs surface. */
export const tile = (id: string) => ({ browsedItemId: id, openedItemId: '', imported: false });

/** A crawler: one view every `gapMs`, items in id order. */
export function crawler(
  count: number,
  options: {
    gapMs?: number;
    session?: string;
    user?: string;
    start?: number;
    jitter?: (k: number) => number;
    items?: (k: number) => string;
  } = {},
): BotSignal[] {
  const gap = options.gapMs ?? 200;
  return Array.from({ length: count }, (_, k) => ({
    sessionKey: options.session ?? 'bot-session',
    userKey: options.user ?? 'bot-user',
    at: (options.start ?? t0) + k * gap + (options.jitter?.(k) ?? 0),
    ...page(options.items ? options.items(k) : item(100 + k)),
  }));
}

/** Assesses and commits one batch; its flags. */
export const flagsOf = (detector: BotDetector, signals: BotSignal[]) => {
  const assessment = detector.assess(signals);
  assessment.commit();
  return assessment.flags;
};
