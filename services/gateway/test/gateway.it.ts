import { afterAll, beforeAll, describe, test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Server, ServerCredentials, status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { FeaturesService, ItemStats, type GetItemStatsRequest, type GetUserProfileRequest } from '@demand/contracts';
import type { RunningService } from '@demand/service-runtime';
import { createLogger } from '@demand/telemetry';
import { loadGatewayConfig, startGateway } from '../src/index.js';

type Callback = (error: Partial<ServiceError> | null, response?: unknown) => void;
interface Call<Req> {
  request: Req;
  metadata: Metadata;
}

const stats: ItemStats = {
  itemId: 'item-7',
  totals: {
    views: 12,
    clicks: 3,
    searches: 0,
    addToCarts: 2,
    removeFromCarts: 0,
    purchases: 1,
    reviews: 0,
    dialogTurns: 0,
    unitsSold: 2,
    revenue: 19.5,
  },
  days: [],
};

describe('the gateway over a Features server', () => {
  const seenMetadata: Metadata[] = [];
  const seenRequests: GetItemStatsRequest[] = [];
  let upstream: Server;
  let gateway: RunningService;
  let base: string;

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: JSON.parse(await response.text()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    upstream = new Server();
    upstream.addService(FeaturesService, {
      getItemStats: (call: Call<GetItemStatsRequest>, callback: Callback) => {
        seenRequests.push(call.request);
        seenMetadata.push(call.metadata);
        callback(null, stats);
      },
      getUserProfile: (call: Call<GetUserProfileRequest>, callback: Callback) =>
        call.request.userId === ''
          ? callback({ code: status.INVALID_ARGUMENT, details: 'user_id: required' })
          : callback({ code: status.NOT_FOUND, details: `no profile for ${call.request.userId}` }),
      getItemProfile: (_call: unknown, callback: Callback) => callback({ code: status.INTERNAL, details: 'boom' }),
      listSegments: (_call: unknown, callback: Callback) =>
        callback({ code: status.UNAUTHENTICATED, details: 'missing API key' }),
    });
    const port = await new Promise<number>((resolve, reject) =>
      upstream.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    gateway = await startGateway(
      loadGatewayConfig({
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        UPSTREAM_FEATURES: `127.0.0.1:${port}`,
        // Nothing listens there: calls to the forecaster fail as UNAVAILABLE.
        UPSTREAM_FORECAST: '127.0.0.1:1',
        GATEWAY_CALL_TIMEOUT_MS: '3000',
      }),
      createLogger({ service: 'gateway', level: 'silent' }),
    );
    base = `http://127.0.0.1:${gateway.httpPort}`;
  });

  afterAll(async () => {
    await gateway?.close();
    upstream?.forceShutdown();
  });

  test('a POST with proto3 JSON reaches the service decoded, and its answer comes back as proto3 JSON', async () => {
    const answer = await post('/api/demand.v1.Features/GetItemStats', { itemId: 'item-7', fromDay: '2026-01-01' });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, ItemStats.toJSON(stats));
    assert.deepEqual({ ...seenRequests.at(-1) }, { itemId: 'item-7', fromDay: '2026-01-01', toDay: '' });
  });

  test('the caller credentials and trace context are forwarded as gRPC metadata, other headers are not', async () => {
    await post(
      '/api/demand.v1.Features/GetItemStats',
      { itemId: 'item-7' },
      { authorization: 'Bearer t0k3n', 'x-api-key': 'k-123', cookie: 'session=secret' },
    );
    const metadata = seenMetadata.at(-1)!;
    assert.deepEqual(metadata.get('authorization'), ['Bearer t0k3n']);
    assert.deepEqual(metadata.get('x-api-key'), ['k-123']);
    assert.deepEqual(metadata.get('cookie'), []);
  });

  test('gRPC statuses become HTTP statuses with the status name and the service message', async () => {
    const cases: Array<[string, unknown, number, string, string]> = [
      ['GetUserProfile', { userId: 'u-9' }, 404, 'NOT_FOUND', 'no profile for u-9'],
      ['GetUserProfile', {}, 400, 'INVALID_ARGUMENT', 'user_id: required'],
      ['ListSegments', {}, 401, 'UNAUTHENTICATED', 'missing API key'],
      ['GetItemProfile', { itemId: 'x' }, 500, 'INTERNAL', 'boom'],
    ];
    for (const [method, body, httpStatus, code, message] of cases) {
      const answer = await post(`/api/demand.v1.Features/${method}`, body);
      assert.deepEqual([answer.status, answer.body], [httpStatus, { code, message }], method);
    }
  });

  test('an unreachable service is 503, an unknown method 501, a body that is not an object 400', async () => {
    const down = await post('/api/demand.v1.Forecast/ForecastDemand', { horizon: 7 });
    assert.equal(down.status, 503);
    assert.equal(down.body.code, 'UNAVAILABLE');
    const unknown = await post('/api/demand.v1.Features/DropTables', {});
    assert.deepEqual([unknown.status, unknown.body.code], [501, 'UNIMPLEMENTED']);
    const array = await post('/api/demand.v1.Features/GetItemStats', [1, 2]);
    assert.deepEqual([array.status, array.body.code], [400, 'INVALID_ARGUMENT']);
    assert.match(String(array.body.message), /demand\.v1\.GetItemStatsRequest/);
  });

  test('the OpenAPI description built from the protos lists every method the gateway serves', async () => {
    const response = await fetch(`${base}/api/openapi.json`);
    assert.equal(response.status, 200);
    const document = JSON.parse(await response.text()) as { paths: Record<string, unknown> };
    for (const method of ['GetItemStats', 'GetUserProfile', 'GetItemProfile', 'ListSegments'])
      assert.ok(document.paths[`/api/demand.v1.Features/${method}`], method);
    assert.ok(document.paths['/api/demand.v1.TextAnalysis/SemanticSearch']);
  });

  test('the console is served from the bundle: its page, script and styles, and nothing else', async () => {
    const page = await fetch(`${base}/console/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/console\/app\.js">/);
    const script = await fetch(`${base}/console/app.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.equal((await fetch(`${base}/console/app.css`)).status, 200);
    assert.equal((await fetch(`${base}/console/..%2Fopenapi.json`)).status, 404);
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    assert.equal(root.headers.get('location'), '/console/');
  });
});
