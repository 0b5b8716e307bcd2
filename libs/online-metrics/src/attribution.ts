import type { Attribution, Outcome, OutcomeKind, ServedList } from './types.js';

export interface AttributionRules {
  /** How long after a list was served an outcome of each kind may still be credited to it. */
  windowMs: Record<OutcomeKind, number>;
  /** Only slots 0..maxPosition-1 count (what the shop actually shows). */
  maxPosition: number;
}

/**
 * Credits outcomes to served lists. A click naming its list (rec_request_id) goes to that list;
 * anything else goes to the latest list served to the same user before the outcome that held
 * the item (last touch); a click naming a list not among `lists` (e.g. served before the window) is
 * not credited to another. Either way the item must sit within `maxPosition` slots and the outcome
 * fall within its kind's window after serving. Each outcome is credited at most once.
 */
export function attributeOutcomes(
  lists: readonly ServedList[],
  outcomes: readonly Outcome[],
  rules: AttributionRules,
): Attribution[] {
  // Only the lists outcomes can reach are indexed: those named by a click, and those of users with
  // an outcome that names no list.
  const namedIds = new Set<string>();
  const lastTouchUsers = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.recommendationId) namedIds.add(outcome.recommendationId);
    else lastTouchUsers.add(outcome.userId);
  }
  const byId = new Map<string, ServedList>();
  const byUser = new Map<string, ServedList[]>();
  for (const list of lists) {
    if (namedIds.has(list.recommendationId)) byId.set(list.recommendationId, list);
    if (!lastTouchUsers.has(list.userId)) continue;
    const own = byUser.get(list.userId);
    if (own) own.push(list);
    else byUser.set(list.userId, [list]);
  }
  for (const own of byUser.values()) own.sort((a, b) => b.servedAtMs - a.servedAtMs);

  const credited: Attribution[] = [];
  const seen = new Set<string>();
  for (const outcome of outcomes) {
    if (seen.has(outcome.eventId)) continue;
    seen.add(outcome.eventId);
    const candidates = outcome.recommendationId
      ? [byId.get(outcome.recommendationId)].filter((list) => list !== undefined)
      : (byUser.get(outcome.userId) ?? []);
    for (const list of candidates) {
      const position = creditedPosition(list, outcome, rules);
      if (position === undefined) continue;
      credited.push({
        eventId: outcome.eventId,
        recommendationId: list.recommendationId,
        kind: outcome.kind,
        position,
        revenue: outcome.kind === 'purchase' ? outcome.revenue : 0,
      });
      break;
    }
  }
  return credited;
}

function creditedPosition(list: ServedList, outcome: Outcome, rules: AttributionRules): number | undefined {
  const age = outcome.atMs - list.servedAtMs;
  if (age < 0 || age > rules.windowMs[outcome.kind]) return undefined;
  const position = list.itemIds.indexOf(outcome.itemId);
  return position >= 0 && position < rules.maxPosition ? position : undefined;
}
