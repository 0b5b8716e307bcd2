import type { CleanEvent, RecsServed } from '@demand/contracts';

export const HOUR = 3_600_000;

/** A served list of `size` items (item ids `<prefix>-<slot>`), ranked by `version` in `arm`. */
export function servedList(
  id: string,
  options: { arm: string; version: string; at: number; user?: string; scores?: number[]; size?: number },
): RecsServed {
  const size = options.size ?? 5;
  return {
    recommendationId: id,
    userId: options.user ?? `user-${id}`,
    method: 'recommend',
    page: 'home',
    currentItemId: '',
    itemIds: Array.from({ length: size }, (_, slot) => `item-${slot}`),
    scores: options.scores ?? Array.from({ length: size }, (_, slot) => 1 - slot / size),
    coldStart: false,
    arm: options.arm,
    modelVersions: { ranker: options.version, data: 'window-1' },
    servedAt: new Date(options.at),
  };
}

export function cleanEvent(
  eventId: string,
  user: string,
  at: number,
  payload: NonNullable<CleanEvent['event']>['payload'],
  flags: string[] = [],
): CleanEvent {
  return {
    event: {
      eventId,
      userId: user,
      sessionId: `s-${user}`,
      occurredAt: new Date(at),
      receivedAt: new Date(at),
      source: 'web',
      backfill: false,
      payload,
    },
    flags,
    schemaVersion: 1,
  };
}

/** A click on slot `position` of a list, naming the list. */
export const clickOn = (list: RecsServed, position: number, at: number, eventId = `click-${list.recommendationId}`) =>
  cleanEvent(eventId, list.userId, at, {
    $case: 'click',
    click: { itemId: list.itemIds[position]!, surface: 'recs', position, recRequestId: list.recommendationId },
  });
