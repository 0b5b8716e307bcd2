import { DialogRole } from '@demand/contracts';
import type { SimItem } from '../catalog/catalog-types.js';
import type { SimUser } from '../users/build-users.js';
import { chooseIntent, draftConversation, type ConversationStage } from './dialogs.js';
import { draftReview } from './reviews.js';
import { DAY_MS } from './calendar.js';
import { HOUR, type SimContext } from './sim-context.js';
import { makeEvent } from '../stream/planned-event.js';

/** A review some days after delivery, if the buyer bothers to write one. */
export function maybeReview(
  ctx: SimContext,
  user: SimUser,
  item: SimItem,
  orderId: string,
  score: number,
  boughtAt: number,
): void {
  const r = ctx.random;
  const eagerness = user.persona.reviewRate * (0.7 + 0.6 * Math.min(1, Math.abs(score)));
  if (!r.chance(eagerness)) return;
  const draft = draftReview(item, score, user.truth.englishShare, r);
  const at = boughtAt + r.int(1, 9) * DAY_MS + r.int(-6, 6) * HOUR + r.int(0, HOUR);
  const header = { userId: user.user.userId, sessionId: ctx.ids.session(), source: user.truth.preferredSource };
  ctx.push({
    at,
    event: makeEvent(ctx.ids.event(), header, at, {
      $case: 'review',
      review: { itemId: item.item.itemId, rating: draft.rating, text: draft.text, orderId },
    }),
    origin: 'human',
    startsSession: true,
    review: {
      itemId: item.item.itemId,
      userId: user.user.userId,
      orderId,
      rating: draft.rating,
      sentiment: draft.sentiment,
      score: draft.score,
      language: draft.language,
    },
  });
}

/** A customer-service conversation, turn by turn, starting at `startAt`. */
export function converse(
  ctx: SimContext,
  user: SimUser,
  item: SimItem,
  stage: ConversationStage,
  unhappy: boolean,
  startAt: number,
): void {
  const r = ctx.random;
  const intent = chooseIntent(stage, item, unhappy, r);
  const draft = draftConversation(intent, item, user.truth.englishShare, r);
  const conversationId = ctx.ids.conversation();
  const itemId = intent === 'shipping' && r.chance(0.3) ? '' : item.item.itemId;
  const header = { userId: user.user.userId, sessionId: ctx.ids.session(), source: 'cs' };
  let at = startAt;
  draft.turns.forEach((turn, turnIndex) => {
    at += turn.delayMs;
    const role = turn.role === 'customer' ? DialogRole.DIALOG_ROLE_CUSTOMER : DialogRole.DIALOG_ROLE_AGENT;
    ctx.push({
      at,
      event: makeEvent(ctx.ids.event(), header, at, {
        $case: 'dialogTurn',
        dialogTurn: { conversationId, role, text: turn.text, itemId, turnIndex },
      }),
      origin: 'human',
      startsSession: turnIndex === 0,
      turn: {
        conversationId,
        userId: user.user.userId,
        itemId,
        intent,
        stage,
        language: draft.language,
        role: turn.role,
        ...(turn.intent ? { turnIntent: turn.intent } : {}),
      },
    });
  });
}

/** After an order line: perhaps a review, perhaps a call to customer service (more likely when unhappy). */
export function afterPurchase(
  ctx: SimContext,
  user: SimUser,
  item: SimItem,
  orderId: string,
  score: number,
  boughtAt: number,
): void {
  maybeReview(ctx, user, item, orderId, score, boughtAt);
  const unhappy = score < -0.45;
  if (ctx.random.chance(0.05 * user.persona.contactRate * (unhappy ? 3 : 1))) {
    converse(ctx, user, item, 'post_purchase', unhappy, boughtAt + ctx.random.int(2 * HOUR, 5 * DAY_MS));
  }
}
