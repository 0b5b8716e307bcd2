import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { type CleanEvent, RecommendRequest, type RecommendResponse } from '@demand/contracts';
import { scoredTotal } from '@demand/recommend';
import { createLogger } from '@demand/telemetry';
import { ServingThreads } from '../src/adapters/serving-threads.adapter.js';
import { loadRecommenderConfig } from '../src/config.js';
import { parseArms } from '../src/domain/arms.js';
import { RecentHistory, recentEventOf } from '../src/domain/recent-history.js';
import { RecommendService } from '../src/domain/recommend-service.js';
import { coldModel, trainServingModel } from '../src/domain/train-model.js';
import type { ListEngine, TrainedServingModel } from '../src/ports/list-engine.port.js';
import type { TrainingData } from '../src/ports/training-data.port.js';
import { SyntheticShopData } from './synthetic-shop.js';

const MINUTE = 60_000;

describe('RecentHistory', () => {
  it('keeps each user’s newest events in time order, a late one in its place, the oldest dropped past the cap', () => {
    const history = new RecentHistory({ maxUsers: 10, perUser: 3 });
    history.record('u', { item: 'a', kind: 'view', at: 10 });
    history.record('u', { item: 'b', kind: 'view', at: 30 });
    history.record('u', { item: 'c', kind: 'click', at: 20 });
    assert.deepEqual(
      history.of('u')?.events.map((e) => e.item),
      ['a', 'c', 'b'],
    );
    history.record('u', { item: 'd', kind: 'view', at: 40 });
    assert.deepEqual(
      history.of('u')?.events.map((e) => e.item),
      ['c', 'b', 'd'],
    );
    history.record('u', { item: 'old', kind: 'view', at: 1 });
    assert.deepEqual(
      history.of('u')?.events.map((e) => e.item),
      ['c', 'b', 'd'],
      'older than all it keeps',
    );
    assert.equal(history.of('u')?.changedAt, 40, 'the newest event’s time: an event not kept changes nothing');
    history.record('u', { item: 'late', kind: 'view', at: 35 });
    assert.equal(history.of('u')?.changedAt, 41, 'raised by a late event too');
    assert.equal(history.of('nobody'), undefined);
  });

  it('keeps an event once when it is read again (a retried follow reads from its start again)', () => {
    const history = new RecentHistory({ maxUsers: 10, perUser: 5 });
    const events = [
      { item: 'a', kind: 'view', at: 10 },
      { item: 'b', kind: 'purchase', at: 20 },
      { item: 'a', kind: 'click', at: 20 },
    ] as const;
    for (const e of events) assert.equal(history.record('u', { ...e }), true);
    for (const e of events) assert.equal(history.record('u', { ...e }), false, `${e.item} ${e.kind} taken twice`);
    assert.deepEqual(
      history.of('u')?.events.map((e) => `${e.item}:${e.kind}@${e.at}`),
      ['a:view@10', 'b:purchase@20', 'a:click@20'],
    );
    assert.equal(history.of('u')?.purchases.length, 1);
    assert.equal(history.record('u', { item: 'a', kind: 'view', at: 20 }), true, 'another time is another event');
  });

  it('keeps purchases apart, so that browsing after a purchase does not push it out', () => {
    const history = new RecentHistory({ maxUsers: 10, perUser: 2 });
    history.record('u', { item: 'bought', kind: 'purchase', at: 1 });
    for (let t = 2; t < 10; t++) history.record('u', { item: `v${t}`, kind: 'view', at: t });
    const held = history.of('u')!;
    assert.deepEqual(
      held.events.map((e) => e.item),
      ['v8', 'v9'],
    );
    assert.deepEqual(
      held.purchases.map((e) => e.item),
      ['bought'],
    );
  });

  it('drops a user on request', () => {
    const history = new RecentHistory({ maxUsers: 4, perUser: 5 });
    history.record('u', { item: 'x', kind: 'purchase', at: 1 });
    history.record('v', { item: 'x', kind: 'view', at: 1 });
    history.forget('u');
    assert.equal(history.of('u'), undefined);
    assert.ok(history.of('v'));
  });

  it('forgets the users written least recently past its user cap', () => {
    const history = new RecentHistory({ maxUsers: 4, perUser: 5 });
    for (let u = 0; u < 6; u++) history.record(`u${u}`, { item: 'x', kind: 'view', at: u });
    assert.ok(history.size <= 4, `${history.size} users`);
    assert.ok(history.of('u5'));
    assert.equal(history.of('u0'), undefined);
  });

  it('takes behaviour events of people from clean events: not bots’, not searches, not events without a time', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    const clean = (event: unknown, flags: string[] = []) => ({ event, flags }) as unknown as CleanEvent;
    const event = (payload: unknown) => ({ eventId: 'e', userId: 'u1', sessionId: 's', occurredAt: at, payload });
    const purchase = { $case: 'purchase', purchase: { itemId: 'i1', orderId: 'o', quantity: 1, unitPrice: 2 } };
    const untimed = { ...event(purchase), occurredAt: undefined };
    assert.deepEqual(recentEventOf(clean(event(purchase))), {
      user: 'u1',
      event: { item: 'i1', kind: 'purchase', at: at.getTime() },
      receivedAt: at.getTime(),
    });
    const received = new Date(at.getTime() + 5000);
    assert.equal(recentEventOf(clean({ ...event(purchase), receivedAt: received }))?.receivedAt, received.getTime());
    assert.deepEqual(
      recentEventOf(clean(event({ $case: 'addToCart', addToCart: { itemId: 'i2' } })))?.event.kind,
      'add_to_cart',
    );
    assert.equal(recentEventOf(clean(event(purchase), ['bot:rate'])), undefined);
    assert.equal(recentEventOf(clean(event({ $case: 'search', search: { query: 'tea' } }))), undefined);
    assert.equal(recentEventOf(clean(untimed)), undefined);
    // Imported history older than where the history starts is left to the next training; recent imports are kept.
    const imported = { ...event(purchase), backfill: true };
    assert.equal(recentEventOf(clean(imported), at.getTime() + 1), undefined);
    assert.equal(recentEventOf(clean(imported), at.getTime())?.event.item, 'i1');
    assert.equal(
      recentEventOf(clean(event(purchase)), at.getTime() + 1)?.event.item,
      'i1',
      'a live late event is kept',
    );
  });
});

describe('RECOMMENDER_LIVE_HISTORY_*', () => {
  it('is on unless turned off, 20 events for each of 100,000 users from 10 minutes before the cutoff', () => {
    assert.deepEqual(loadRecommenderConfig({}).liveHistory, { maxUsers: 100_000, perUser: 20, marginMs: 600_000 });
    assert.equal(loadRecommenderConfig({ RECOMMENDER_LIVE_HISTORY: 'false' }).liveHistory, undefined);
    assert.throws(
      () => loadRecommenderConfig({ RECOMMENDER_LIVE_HISTORY_USERS: '1' }),
      /RECOMMENDER_LIVE_HISTORY_USERS/,
    );
  });
});

describe('Recommend with the live history', () => {
  const LISTS = { length: 100, maxAgeMs: 3_600_000, refreshPerSecond: 50 };
  let model: TrainedServingModel;
  let cutoff: number;
  let data: TrainingData;
  const threads = new ServingThreads(1, createLogger({ service: 'recommender', level: 'silent' }));

  beforeAll(async () => {
    data = await new SyntheticShopData({ seed: 3, users: 300, items: 120, days: 28 }).load();
    const trained = trainServingModel(data, { ...LISTS, now: data.now });
    model = trained.model as TrainedServingModel;
    cutoff = data.now;
  }, 60_000);

  afterAll(() => threads.close());

  /** A service on the model with its own history and clock (the model's cutoff plus `minutes`). */
  const serving = (history: RecentHistory, lists?: ListEngine) => {
    const clock = { minutes: 1 };
    let n = 0;
    const service = new RecommendService(
      model,
      { publish: () => undefined },
      {
        arms: parseArms('control:learned:100'),
        armSalt: 'test',
        newId: () => `rec-${++n}`,
        clock: () => new Date(cutoff + clock.minutes * MINUTE),
        history,
        ...(lists ? { lists } : {}),
      },
    );
    return { service, clock };
  };
  const ask = (userId: string, partial: Partial<RecommendRequest> = {}) =>
    RecommendRequest.fromPartial({ userId, page: 'home', count: 10, ...partial });
  const ids = (r: RecommendResponse) => r.items.map((i) => i.itemId);
  const known = (u: number) => model.learned.data.users[u]!;

  it('(a) leaves out an item the user bought after training, even one due for replenishment', async () => {
    const history = new RecentHistory({ maxUsers: 100, perUser: 50 });
    const { service } = serving(history);
    const user = known(7);
    const before = await service.recommend(ask(user));
    const top = before.items.find((i) => !i.reasons.some((r) => r.source === 'replenish'))!;
    history.record(user, { item: top.itemId, kind: 'purchase', at: cutoff + 30_000 });
    const after = await service.recommend(ask(user));
    assert.ok(ids(before).includes(top.itemId));
    assert.ok(!ids(after).includes(top.itemId), `${top.itemId} bought after training is still recommended`);
    assert.equal(after.items.length, 10);

    // A replenishment candidate bought again since training is not running low: it goes too.
    let found: { user: string; item: string } | undefined;
    for (let u = 0; u < model.learned.data.userCount && !found; u++) {
      const list = await service.recommend(ask(known(u), { count: 20 }));
      const item = list.items.find((i) => i.reasons.some((r) => r.source === 'replenish'));
      if (item) found = { user: known(u), item: item.itemId };
    }
    assert.ok(found, 'no replenishment candidate in the synthetic shop');
    history.record(found.user, { item: found.item, kind: 'purchase', at: cutoff + 30_000 });
    const rebought = await service.recommend(ask(found.user, { count: 20 }));
    assert.ok(!ids(rebought).includes(found.item), `${found.item} re-bought since training is still recommended`);
  });

  it('(b) folds in a user the model does not know from their recent events: a personalised list, not the cold one', async () => {
    const history = new RecentHistory({ maxUsers: 100, perUser: 50 });
    const { service } = serving(history);
    const cold = await service.recommend(ask('newcomer'));
    assert.equal(cold.coldStart, true);
    const viewed = model.learned.data.items.slice(40, 43).map((i) => i.id);
    for (const [k, item] of viewed.entries()) history.record('newcomer', { item, kind: 'view', at: cutoff + k * 1000 });
    const folded = await service.recommend(ask('newcomer'));
    assert.equal(folded.coldStart, false);
    assert.notDeepEqual(ids(folded), ids(cold));
    // The same list as when the caller passes the same items as the session.
    const { service: plain } = serving(new RecentHistory({ maxUsers: 100, perUser: 50 }));
    const passed = await plain.recommend(ask('someone-else', { recentItemIds: viewed }));
    assert.deepEqual(ids(folded), ids(passed));
  });

  it('anchors a known user’s list (top 30) on an item they viewed since training', async () => {
    const history = new RecentHistory({ maxUsers: 100, perUser: 50 });
    const { service } = serving(history);
    const user = known(31);
    const anchors = (r: RecommendResponse) => new Set(r.items.flatMap((i) => i.reasons.map((x) => x.anchorItemId)));
    const before = await service.recommend(ask(user, { count: 30 }));
    // An item the user never engaged with in training, viewed twice since.
    const trained = new Set(model.learned.data.recentItems(31, 1000).map((e) => e.item));
    const viewed = model.learned.data.items.findIndex((_, i) => !trained.has(i) && i % 7 === 3);
    const viewedId = model.learned.data.items[viewed]!.id;
    assert.ok(!anchors(before).has(viewedId));
    history.record(user, { item: viewedId, kind: 'view', at: cutoff + 10_000 });
    history.record(user, { item: viewedId, kind: 'view', at: cutoff + 20_000 });
    const after = await service.recommend(ask(user, { count: 30 }));
    assert.ok(anchors(after).has(viewedId), `no reason hangs on ${viewedId}: ${JSON.stringify(after.items)}`);
  });

  it('(c) serves a stored list only while it was scored with the user’s newest event; the score after it is stored', async () => {
    const history = new RecentHistory({ maxUsers: 100, perUser: 50 });
    const { service, clock } = serving(history);
    const user = known(11);
    const u = 11;
    const tally = () => ({ ...service.listTally().learned });
    const start = tally();
    await service.recommend(ask(user));
    assert.equal(tally().served, start.served + 1, 'the list from training answers');
    history.record(user, { item: model.learned.data.items[5]!.id, kind: 'view', at: cutoff + 2 * MINUTE });
    clock.minutes = 3;
    await service.recommend(ask(user));
    assert.equal(
      scoredTotal(tally()),
      scoredTotal(start) + 1,
      'a list older than the user’s newest event is scored again',
    );
    assert.equal(model.learned.lists!.eventsUpTo[u], cutoff + 2 * MINUTE);
    await service.recommend(ask(user));
    assert.equal(tally().served, start.served + 2, 'and the new list answers until the next event');

    // An event that happened before the newest one but arrives after it makes the list stale too.
    history.record(user, { item: model.learned.data.items[6]!.id, kind: 'view', at: cutoff + MINUTE });
    await service.recommend(ask(user));
    assert.equal(scoredTotal(tally()), scoredTotal(start) + 2, 'a late event: the list is scored again');
    await service.recommend(ask(user));
    assert.equal(tally().served, start.served + 3);

    // The refresh, which knows nothing of live events, leaves that list to the user's next request.
    const lists = model.learned.lists!;
    const storedAt = lists.at[u];
    model.learned.refreshLists(cutoff + 50 * MINUTE, 1000);
    assert.equal(lists.at[u], storedAt);
  });

  it('leaves an item bought since out of the cold list too, while no model is trained', async () => {
    const history = new RecentHistory({ maxUsers: 100, perUser: 50 });
    const service = new RecommendService(
      coldModel(data).model,
      { publish: () => undefined },
      { arms: parseArms('control:learned:100'), armSalt: 'test', newId: () => 'rec', clock: () => new Date(), history },
    );
    const before = ids(await service.recommend(ask('u-000001')));
    history.record('u-000001', { item: before[0]!, kind: 'purchase', at: cutoff + 1000 });
    const after = ids(await service.recommend(ask('u-000001')));
    assert.deepEqual(after.slice(0, 9), before.slice(1));
  });

  it('(d) reaches the serving threads with each request: a purchase leaves the list computed there', async () => {
    const history = new RecentHistory({ maxUsers: 100, perUser: 50 });
    const { service } = serving(history, threads);
    for (let waited = 0; !service.listsReady; waited += 20) {
      assert.ok(waited < 20_000, 'timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const user = known(23);
    const before = await service.recommend(ask(user));
    const top = before.items.find((i) => !i.reasons.some((r) => r.source === 'replenish'))!;
    history.record(user, { item: top.itemId, kind: 'purchase', at: cutoff + 30_000 });
    const after = await service.recommend(ask(user));
    assert.ok(threads.threadAnswers >= 2);
    assert.ok(!ids(after).includes(top.itemId));
  });
});
