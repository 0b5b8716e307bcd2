import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { DialogRole } from '@demand/contracts';
import { DIALOG_INTENTS, Random, type DialogIntent } from '../src/index.js';
import { chooseIntent, draftConversation } from '../src/behaviour/dialogs.js';
import { buildCatalog, buildTasteSpace } from '../src/catalog/build-catalog.js';
import { countBy, mediumRun } from './fixtures.js';

const random = new Random(21);
const items = buildCatalog(random.fork('catalog'), 100, buildTasteSpace(random.fork('space'), 8));

test('every intent has varied Chinese phrasing, and turns alternate customer then agent', () => {
  for (const intent of DIALOG_INTENTS) {
    const asks = new Set<string>();
    for (let k = 0; k < 200; k++) {
      const draft = draftConversation(intent, items[k % items.length]!, 0.1, random);
      assert.equal(draft.intent, intent);
      assert.equal(draft.turns[0]!.role, 'customer');
      draft.turns.forEach((turn, i) => {
        if (i > 0 && draft.turns[i - 1]!.role === 'customer') assert.equal(turn.role, 'agent');
        assert.equal(turn.role === 'customer', turn.intent !== undefined);
      });
      const ask = draft.turns.find((t) => t.intent === intent)!;
      asks.add(ask.text);
      assert.ok(!ask.text.includes('{'), ask.text);
    }
    assert.ok([...asks].filter((t) => /\p{Script=Han}/u.test(t)).length >= 5, `${intent}: ${[...asks].join(' / ')}`);
  }
});

test('unhappy buyers complain and return more often', () => {
  const share = (unhappy: boolean, wanted: DialogIntent[]) => {
    let hits = 0;
    for (let k = 0; k < 2000; k++)
      if (wanted.includes(chooseIntent('post_purchase', items[k % items.length]!, unhappy, random))) hits++;
    return hits / 2000;
  };
  assert.ok(share(true, ['complaint', 'return']) > 2 * share(false, ['complaint', 'return']));
  for (let k = 0; k < 500; k++)
    assert.notEqual(chooseIntent('pre_purchase', items[k % items.length]!, false, random), 'return');
});

test('conversations in a run: truth per conversation and per customer turn matches the events', () => {
  const { events, truth } = mediumRun();
  const turns = events.filter((e) => e.payload?.$case === 'dialogTurn');
  assert.ok(truth.conversations.size > 20);
  const byId = new Map(turns.map((e) => [e.eventId, e]));
  const lastDay = truth.days.at(-1)!.day;
  for (const conversation of truth.conversations.values()) {
    assert.ok(DIALOG_INTENTS.includes(conversation.intent));
    const startedBeforeLastDay =
      byId.get(conversation.turns[0]!.eventId)!.occurredAt!.toISOString().slice(0, 10) < lastDay;
    if (startedBeforeLastDay)
      assert.ok(conversation.turns.some((t) => t.role === 'customer' && t.intent === conversation.intent));
    conversation.turns.forEach((turn, index) => {
      const event = byId.get(turn.eventId)!;
      if (event.payload?.$case !== 'dialogTurn') return assert.fail('not a dialog turn');
      const body = event.payload.dialogTurn;
      assert.deepEqual(
        [body.conversationId, body.turnIndex, event.userId, event.source],
        [conversation.conversationId, index, conversation.userId, 'cs'],
      );
      assert.equal(body.role === DialogRole.DIALOG_ROLE_CUSTOMER, turn.role === 'customer');
      if (turn.role === 'customer') assert.equal(truth.customerTurnIntents.get(turn.eventId), turn.intent);
    });
  }
  assert.equal(
    turns.length,
    [...truth.conversations.values()].reduce((s, c) => s + c.turns.length, 0),
  );
  const stages = countBy(truth.conversations.values(), (c) => c.stage);
  assert.ok(stages.get('pre_purchase')! > 0 && stages.get('post_purchase')! > 0);
});
