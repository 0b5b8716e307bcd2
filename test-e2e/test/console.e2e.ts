import { afterAll, beforeAll, describe, test } from '@jest/globals';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { collectDefaultMetrics, Registry } from 'prom-client';
import {
  FeedbackClient,
  ForecastClient,
  RecommendClient,
  TextKind,
  DemandLevel,
  type DemandMovers,
  DialogRole,
  type ForecastAnswer,
  type GetModelMetricsResponse,
  type IntentMix,
  type MetricsOverTime,
  type ItemStats,
  type ItemUpsert,
  type RecommendResponse,
  type ReviewInsights,
  type SegmentList,
  type SemanticSearchResponse,
  type TextAnalysisClient,
  type TrackBatchResponse,
  type UpsertItemsResponse,
  type UserProfile,
  withApiKey,
} from '@demand/contracts';
import { credentials } from '@grpc/grpc-js';
import { createShop } from '@demand/testkit';
import { artifactsDirectory, launchChromium, texts, watchedPage } from '../src/browser.js';
import { consumerLag } from '../src/consumer-lag.js';
import { deployQueries } from '../src/deploy-queries.js';
import { unaryCall } from '../src/grpc-call.js';
import { startTestPlatform, type TestPlatform } from '../src/test-platform.js';
import { textAnalysisClient, waitForTextModels } from '../src/text-analysis.js';

// Three weeks up to today, so the demand page shows sales right before the forecast. Every day of them: a cap
// that cut the run short (10,000 events ≈ 13–14 days of this shop) ended it 8 days before today on some start days,
// leaving the feedback check's current week empty (no drift finding) on those days only. 13.4k–15.5k events.
const startDay = new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10);
const shop = createShop({ seed: 17, users: 150, items: 40, startDay });
const events = [...shop.generateEvents({ days: 21, maxEvents: 30_000, runId: 'e2econsole' })];

/** The id that occurs in the most purchase events under `key`: a user or item with real history. */
function mostPurchased(key: 'userId' | 'itemId'): string {
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.payload?.$case !== 'purchase') continue;
    const id = key === 'userId' ? e.userId : e.payload.purchase.itemId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

function unitsBought(itemId: string): number {
  return events.reduce(
    (sum, e) =>
      sum + (e.payload?.$case === 'purchase' && e.payload.purchase.itemId === itemId ? e.payload.purchase.quantity : 0),
    0,
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('the web console in a headless chromium, on the test shop', () => {
  let p: TestPlatform;
  let browser: Browser;
  let text: TextAnalysisClient;
  let recommend: RecommendClient;
  let forecast: ForecastClient;
  let feedback: FeedbackClient;
  let consoleUrl: string;
  let segmented: Promise<SegmentList>;
  const recommendFor = (userId: string) =>
    unaryCall<RecommendResponse>((m, o, cb) =>
      recommend.recommend({ userId, page: 'home', count: 10, currentItemId: '', recentItemIds: [] }, m, o, cb),
    );
  const searchItems = (q: string) =>
    unaryCall<SemanticSearchResponse>((m, o, cb) =>
      text.semanticSearch({ query: q, kind: TextKind.TEXT_KIND_ITEM, limit: 10, minScore: 0 }, m, o, cb),
    );
  const user = mostPurchased('userId');
  const item = mostPurchased('itemId');
  const query = shop.item(item)!.localizedTitles.en;

  beforeAll(async () => {
    // Retrain soon after the shop arrives, so the recommender leaves its empty cold list.
    p = await startTestPlatform({
      RECOMMENDER_RETRAIN_MS: '10000',
      // Fewer k to try: the first segmentation comes sooner.
      AGGREGATOR_SEGMENT_K_MAX: '5',
      // A feedback check (gate, drift, schedule) soon after start, with drift detectors that speak on a small
      // shop, over week-long windows: the shop's events run up to yesterday.
      FEEDBACK_CHECK_MS: '5000',
      FEEDBACK_WINDOW_MS: String(7 * 86_400_000),
      FEEDBACK_DRIFT_MIN_SAMPLES: '10',
    });
    consoleUrl = `${p.platform.httpAddress('gateway')}/console/?key=${p.platform.apiKey}`;
    text = textAnalysisClient(p.platform.grpcAddress('embedder'), p.platform.apiKey);
    recommend = new RecommendClient(
      p.platform.grpcAddress('recommender'),
      credentials.createInsecure(),
      withApiKey(p.platform.apiKey),
    );
    forecast = new ForecastClient(
      p.platform.grpcAddress('forecaster'),
      credentials.createInsecure(),
      withApiKey(p.platform.apiKey),
    );
    feedback = new FeedbackClient(
      p.platform.grpcAddress('feedback'),
      credentials.createInsecure(),
      withApiKey(p.platform.apiKey),
    );
    const items = shop
      .itemUpsertEvents()
      .flatMap((e): ItemUpsert[] => (e.payload?.$case === 'itemUpsert' ? [e.payload.itemUpsert] : []));
    await unaryCall<UpsertItemsResponse>((m, o, cb) => p.collector.upsertItems({ items }, m, o, cb));
    for (let i = 0; i < events.length; i += 2000)
      await unaryCall<TrackBatchResponse>((m, o, cb) =>
        p.collector.trackBatch({ events: events.slice(i, i + 2000) }, m, o, cb),
      );
    browser = await launchChromium();
    await Promise.all([p.drain(), waitForTextModels(text, 120_000)]);
    // The models that learn from the shop, waited for together rather than one test after another.
    segmented = until(
      'the first segmentation',
      async () => {
        const list = await unaryCall<SegmentList>((m, o, cb) =>
          p.features.listSegments({ pointLimit: 2000 }, m, o, cb),
        );
        return list.modelVersion > 0 ? list : undefined;
      },
      60_000,
    );
    await Promise.all([
      segmented,
      until(
        'a trained recommender',
        async () => ((await recommendFor(user)).items.length > 0 ? true : undefined),
        60_000,
      ),
      until('items embedded', async () => ((await searchItems(query)).hits.length > 0 ? true : undefined), 60_000),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    for (const client of [text, recommend, forecast, feedback]) client?.close();
    await p?.stop();
  });

  async function open(hash: string, ready: string): Promise<{ page: Page; problems: string[] }> {
    const watched = await watchedPage(browser);
    await watched.page.goto(`${consoleUrl}${hash}`);
    await watched.page.waitForSelector(ready, { timeout: 20_000 });
    return watched;
  }

  async function finish(page: Page, problems: string[], name: string): Promise<void> {
    await page.screenshot({ path: path.join(artifactsDirectory, `console-${name}.png`), fullPage: true });
    await page.close();
    assert.deepEqual(problems, [], `${name}: no console errors or failed requests`);
  }

  test('pipeline: every service up, and the events each stage consumed as its /metrics says', async () => {
    const { page, problems } = await open('#/pipeline', '[data-stage="events.raw.v1|preprocessor"]');
    // The second poll gives the rates.
    await page.waitForFunction(`!document.querySelector('[data-testid="stages"]').textContent.includes('…')`);
    assert.equal(await page.$eval('[data-testid="services-up"]', (e) => e.textContent), '7/7');
    const metrics = await (await fetch(`${p.platform.httpAddress('preprocessor')}/metrics`)).text();
    const consumed = /bus_records_consumed_total\{topic="events.raw.v1",group="preprocessor"[^}]*\} (\d+)/.exec(
      metrics,
    );
    // Records are batches of events on events.raw.v1; the preprocessor counts the events in them.
    assert.ok(Number(consumed?.[1]) > 0, 'the preprocessor consumed records');
    const preprocessed = [...metrics.matchAll(/^preprocessor_events_total\{[^}]*\} (\d+)$/gm)].reduce(
      (sum, [, n]) => sum + Number(n),
      0,
    );
    assert.ok(preprocessed >= events.length, `preprocessor handled ${preprocessed} events`);
    const shown = await page.$eval('[data-stage="events.raw.v1|preprocessor"] [data-testid="consumed"]', (e) =>
      Number(e.textContent?.replaceAll(',', '')),
    );
    assert.equal(shown, Number(consumed?.[1]));
    // Lag from the broker's offsets (an estimate would be marked ≈): everything was drained above.
    const lag = await page.$eval('[data-stage="events.raw.v1|preprocessor"] [data-testid="lag"]', (e) => e.textContent);
    assert.equal(lag, String(await consumerLag(p.admin, 'preprocessor', 'events.raw.v1')));
    await finish(page, problems, 'pipeline');
  });

  test('customers: segment sizes as ListSegments answers, a map point per user, one profile drilled into', async () => {
    const segments = await segmented;
    const { page, problems } = await open('#/customers', '[data-testid="segment-size"]');
    const sizes = (await texts(page, '[data-testid="segment-size"]')).map((s) => Number(s.replaceAll(',', '')));
    assert.deepEqual(
      sizes,
      segments.segments.map((s) => s.size),
    );
    assert.equal((await page.$$('[data-testid="segment-map"] circle')).length, segments.points.length);
    await page.click('[data-testid="segment-map"] a');
    await page.waitForSelector('[data-testid="profile-frequency"]');
    const userId = decodeURIComponent(new URL(page.url()).hash.split('user=')[1]!);
    const profile = await unaryCall<UserProfile>((m, o, cb) => p.features.getUserProfile({ userId }, m, o, cb));
    assert.equal(
      await page.$eval('[data-testid="profile-frequency"]', (e) => e.textContent),
      String(profile.frequency),
    );
    await finish(page, problems, 'customers');
  });

  test('demand: the forecast of the best-selling item, point by point as ForecastDemand answers, on a chart', async () => {
    const answer = await unaryCall<ForecastAnswer>((m, o, cb) =>
      forecast.forecastDemand(
        { level: DemandLevel.DEMAND_LEVEL_ITEM, id: item, horizon: 14, levels: [80, 95], frequency: 'daily' },
        m,
        o,
        cb,
      ),
    );
    const { page, problems } = await open(`#/demand?item=${item}`, '[data-testid="point-mean"]');
    assert.deepEqual(
      await texts(page, '[data-testid="point-mean"]'),
      answer.points.map((point) => point.mean.toFixed(2)),
    );
    assert.equal(await page.$eval('[data-testid="method"]', (e) => e.textContent), answer.method);
    const stats = await unaryCall<ItemStats>((m, o, cb) =>
      p.features.getItemStats({ itemId: item, fromDay: '', toDay: '' }, m, o, cb),
    );
    const unitsSold = stats.days.reduce((sum, day) => sum + (day.counts?.unitsSold ?? 0), 0);
    assert.equal(unitsSold, unitsBought(item), 'GetItemStats counts every unit the shop sold of the item');
    assert.equal(
      await page.$eval('[data-testid="units-sold"]', (e) => Number(e.textContent?.replaceAll(',', ''))),
      unitsSold,
    );
    assert.ok(await page.$('[data-testid="chart"] canvas'), 'the chart is drawn');
    await finish(page, problems, 'demand');
  });

  test('demand: top risers and fallers as ListDemandMovers answers, then for one category typed in the form', async () => {
    const movers = (category: string) =>
      unaryCall<DemandMovers>((m, o, cb) =>
        forecast.listDemandMovers(
          {
            level: DemandLevel.DEMAND_LEVEL_ITEM,
            category,
            measure: 'units',
            recentDays: 7,
            priorDays: 28,
            throughDay: '',
            limit: 10,
          },
          m,
          o,
          cb,
        ),
      );
    const shown = async (page: Page, answer: DemandMovers) => {
      const compared = JSON.stringify(answer.compared.toLocaleString('en'));
      await page.waitForFunction(
        `document.querySelector('[data-testid="movers-compared"]')?.textContent === ${compared}`,
        { timeout: 10_000 },
      );
      assert.deepEqual(
        await texts(page, '[data-testid="riser-id"]'),
        answer.risers.map((m) => m.id),
      );
      assert.deepEqual(
        await texts(page, '[data-testid="faller-id"]'),
        answer.fallers.map((m) => m.id),
      );
      assert.deepEqual(
        await texts(page, '[data-testid="faller-ratio"]'),
        answer.fallers.map((m) => `×${m.rateRatio.toFixed(2)}`),
      );
    };
    const all = await movers('');
    assert.ok(all.risers.length + all.fallers.length > 0, 'the shop has movers');
    const { page, problems } = await open(`#/demand?item=${item}`, '[data-testid="movers-compared"]');
    await shown(page, all);
    const category = shop.item(item)!.categoryPath[0]!;
    const inCategory = await movers(category);
    assert.ok(inCategory.compared < all.compared, `${category} holds some of the items`);
    await page.type('[data-testid="movers-form"] input[name="category"]', category);
    await page.click('[data-testid="movers-form"] button');
    await shown(page, inCategory);
    await finish(page, problems, 'demand-movers');
  });

  test('recommendations: the list for a known user, item by item as Recommend answers, with reasons', async () => {
    const { page, problems } = await open(`#/recommendations?user=${user}`, '[data-testid="rec-item"]');
    const answer = await recommendFor(user);
    assert.deepEqual(
      await texts(page, '[data-testid="rec-item"]'),
      answer.items.map((i) => i.itemId),
    );
    assert.ok((await texts(page, 'ul.reasons li')).length >= answer.items.length, 'every item has a reason');
    await finish(page, problems, 'recommendations');
  });

  test('models: online metrics per version and arm, versions, decisions and drift as GetModelMetrics answers', async () => {
    const modelMetrics = () =>
      unaryCall<GetModelMetricsResponse>((m, o, cb) =>
        feedback.getModelMetrics({ windowHours: 0, controlArm: '', treatmentArm: '' }, m, o, cb),
      );
    // The recommendations served above, the recommender's published version and a scheduled check; the
    // served lists reach the feedback service a little after the calls, so wait until their count holds still.
    let seen = 'nothing';
    const served = (a: GetModelMetricsResponse) => JSON.stringify(a.metrics.map((m) => [m.segment, m.served]));
    const answer = await until(
      'served lists (a count that holds for 1.5 s), a published version and a drift check',
      async () => {
        const a = await modelMetrics();
        seen = `${a.metrics.length} metric rows, ${a.versions.length} versions, ${a.drift.length} drift findings`;
        if (a.metrics.length === 0 || a.versions.length === 0 || a.drift.length === 0) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const again = await modelMetrics();
        return served(again) === served(a) ? again : undefined;
      },
      45_000,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; last answer: ${seen}`);
    });
    const { page, problems } = await open('#/models', '[data-testid="online-row"]');
    const overall = answer.metrics.filter((m) => m.segment === '');
    assert.deepEqual(
      await texts(page, '[data-testid="served"]'),
      overall.map((m) => m.served.toLocaleString('en')),
    );
    assert.deepEqual(
      await texts(page, '[data-testid="ctr"]'),
      overall.map((m) => `${(m.ctr * 100).toFixed(1)}%`),
    );
    // A scheduled check may find drift and ask for retraining while the test runs, so a version and a gate decision
    // can land between GetModelMetrics' answer and the page's own call: the page must show one answer whole, the one
    // taken before it opened or one taken after; otherwise it is loaded again (at most three times).
    const stateOf = (a: GetModelMetricsResponse) => ({
      versions: a.versions.map((v) => v.version),
      decisions: a.decisions.length,
      drift: a.drift.map((f) => f.value.toFixed(3)),
    });
    const shownState = async () => ({
      versions: await texts(page, '[data-testid="version"]'),
      decisions: (await page.$$('[data-testid="decision"]')).length,
      drift: await texts(page, '[data-testid="drift-value"]'),
    });
    let candidates = [stateOf(answer), stateOf(await modelMetrics())];
    let shown = await shownState();
    const matches = () => candidates.some((state) => JSON.stringify(state) === JSON.stringify(shown));
    for (let attempt = 0; attempt < 3 && !matches(); attempt++) {
      const before = stateOf(await modelMetrics());
      await page.reload();
      await page.waitForSelector('[data-testid="online-row"]');
      shown = await shownState();
      candidates = [before, stateOf(await modelMetrics())];
    }
    assert.ok(matches(), `page ${JSON.stringify(shown)}; answers ${JSON.stringify(candidates)}`);
    await finish(page, problems, 'models');
  });

  test('models: CTR and CVR per day, version and arm as GetMetricsOverTime answers, on two charts', async () => {
    const overTime = () =>
      unaryCall<MetricsOverTime>((m, o, cb) => feedback.getMetricsOverTime({ days: 14 }, m, o, cb));
    // The lists served by the tests above (the models test waited for them).
    assert.ok((await overTime()).days.length > 0, 'lists served today');
    const { page, problems } = await open('#/models', '[data-testid="daily-row"]');
    const percentOf = (rate: number) => `${(rate * 100).toFixed(1)}%`;
    const rowsOf = (a: MetricsOverTime) =>
      a.days.map(({ day, metrics: m }) =>
        [day, m!.modelVersion, m!.arm, m!.served.toLocaleString('en'), percentOf(m!.ctr), percentOf(m!.cvr)].join(' '),
      );
    const shown = () =>
      page.$$eval('[data-testid="daily-row"]', (rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent).join(' ')),
      );
    // A list still on its way may land between the page's call and this one: then the page is loaded again.
    let answer = await overTime();
    for (let attempt = 0; attempt < 3 && JSON.stringify(await shown()) !== JSON.stringify(rowsOf(answer)); attempt++) {
      await page.reload();
      await page.waitForSelector('[data-testid="daily-row"]');
      answer = await overTime();
    }
    assert.deepEqual(await shown(), rowsOf(answer));
    // Every list was served during this test run: the daily rows add up to the 14-day window's figures.
    const window = await unaryCall<GetModelMetricsResponse>((m, o, cb) =>
      feedback.getModelMetrics({ windowHours: 14 * 24, controlArm: '', treatmentArm: '' }, m, o, cb),
    );
    const overall = window.metrics.filter((m) => m.segment === '');
    for (const key of ['served', 'clickedLists', 'convertedLists'] as const)
      assert.equal(
        answer.days.reduce((sum, d) => sum + d.metrics![key], 0),
        overall.reduce((sum, m) => sum + m[key], 0),
        key,
      );
    assert.equal((await page.$$('[data-testid="online-by-day"]')).length, 1);
    await finish(page, problems, 'models-over-time');
  });

  test('every metric the Grafana dashboard and the alert rules use is one the services export', async () => {
    // Process metrics are collected by a service running on its own (production), not in local mode.
    const standalone = new Registry();
    collectDefaultMetrics({ register: standalone });
    const exported = new Set(['up', ...(await standalone.getMetricsAsJSON()).map((metric) => metric.name)]);
    for (const [name] of p.platform.services) {
      const text = await (await fetch(`${p.platform.httpAddress(name)}/metrics`)).text();
      for (const [, metric, type] of text.matchAll(/^# TYPE (\w+) (\w+)$/gm)) {
        exported.add(metric!);
        if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(metric + suffix);
      }
    }
    const used = deployQueries().flatMap((query) =>
      [...query.matchAll(/([a-z_:][a-z0-9_:]*)\s*(?:\{|\[)/g)].map(([, name]) => name!),
    );
    assert.ok(used.length >= 20, `${used.length} metric references`);
    assert.deepEqual([...new Set(used.filter((name) => !exported.has(name)))], []);
  });

  test('text insights: negative reviews per day and category, complaint terms as GetReviewInsights answers', async () => {
    const insights = (category: string) =>
      unaryCall<ReviewInsights>((m, o, cb) => p.features.getReviewInsights({ category, days: 30, terms: 8 }, m, o, cb));
    const reviews = events.filter((e) => e.payload?.$case === 'review').length;
    // Every review of the shop, once the embedder's sentiment of each is stored.
    const all = await until(
      'review sentiments',
      async () => {
        const a = await insights('');
        return a.reviews === reviews ? a : undefined;
      },
      60_000,
    );
    // The category with complaint terms if any has, else the one with the most negative reviews.
    const negatives = new Map<string, number>();
    for (const d of all.sentiment) negatives.set(d.category, (negatives.get(d.category) ?? 0) + d.negative);
    const category =
      all.complaints[0]?.category ?? [...negatives].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const { page, problems } = await open(
      `#/text?category=${encodeURIComponent(category)}`,
      '[data-testid="reviews-read"]',
    );
    const one = await insights(category);
    assert.ok(one.reviews < all.reviews && one.reviews > 0, `${one.reviews} of ${all.reviews} reviews in ${category}`);
    assert.equal(await page.$eval('[data-testid="reviews-read"]', (e) => e.textContent), String(one.reviews));
    assert.deepEqual(
      await texts(page, '[data-testid="day-negative"]'),
      one.sentiment.map((d) => String(d.negative)),
    );
    assert.deepEqual(
      await texts(page, '[data-testid="complaint-term"]'),
      one.complaints.map((t) => t.term),
    );
    assert.deepEqual(
      one.sentiment.reduce((sum, d) => sum + d.positive + d.neutral + d.negative, 0),
      one.reviews,
    );
    // Intents of the shop's customer turns (agents' get none), once the embedder's intent of each is stored.
    const turns = events.filter(
      (e) => e.payload?.$case === 'dialogTurn' && e.payload.dialogTurn.role === DialogRole.DIALOG_ROLE_CUSTOMER,
    ).length;
    const mix = await until(
      'dialog intents',
      async () => {
        const m = await unaryCall<IntentMix>((md, o, cb) => feedback.getIntentMix({ days: 30 }, md, o, cb));
        return m.turns > 0 && m.turns === turns ? m : undefined;
      },
      60_000,
    );
    await page.reload();
    await page.waitForSelector('[data-testid="intent-turns"]');
    assert.equal(
      await page.$eval('[data-testid="dialog-turns"]', (e) => e.textContent),
      mix.turns.toLocaleString('en'),
    );
    assert.deepEqual(
      await texts(page, '[data-testid="intent-turns"]'),
      mix.days.map((d) => String(d.turns)),
    );
    await finish(page, problems, 'text-insights');
  });

  test('search: an item title as the query, hits as SemanticSearch answers', async () => {
    const answer = await searchItems(query);
    const { page, problems } = await open(`#/search?q=${encodeURIComponent(query)}`, '[data-testid="hit-id"]');
    assert.deepEqual(
      await texts(page, '[data-testid="hit-id"]'),
      answer.hits.map((h) => h.id),
    );
    assert.ok(
      answer.hits.some((h) => h.itemId === item),
      'the item whose title was searched is among the hits',
    );
    await finish(page, problems, 'search');
  });
});
