import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  AnalyzeRequest,
  EmbedRequest,
  SemanticSearchRequest,
  TextAnalysisClient,
  TextAnalysisService,
  TextKind,
  type AnalyzeResponse,
  type EmbedResponse,
  type SemanticSearchResponse,
} from '@demand/contracts';
import { type GrpcTestServer, startGrpcTestServer } from '@demand/grpc-server/testing';
import { EmbeddedVectorStore } from '@demand/vector-store';
import { CatalogTerms } from '../src/domain/catalog-terms.js';
import { Collections } from '../src/domain/collections.js';
import { TextAnalyst } from '../src/domain/text-analyst.js';
import { TextIndexer } from '../src/domain/text-indexer.js';
import { EncoderError } from '@demand/onnx-encoder';
import { TextAnalysisGrpcController } from '../src/grpc/text-analysis.controller.js';
import { ITEMS, itemEvent } from './support/catalog-items.js';
import { FakeTextModels } from './support/fake-models.js';
import { recordingPinoLogger } from './support/recording-log.js';

let dir: string;
let store: EmbeddedVectorStore;
let server: GrpcTestServer;
let client: TextAnalysisClient;
const models = new FakeTextModels();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedder-grpc-'));
  store = new EmbeddedVectorStore({ dataDir: dir });
  const collections = new Collections(store);
  const catalog = new CatalogTerms();
  await new TextIndexer({
    models,
    store,
    collections,
    catalog,
    events: { publish: async () => undefined },
    catalogStore: { load: async () => undefined, save: async () => undefined },
  }).indexItems(ITEMS.map((item) => itemEvent(item)));
  const { logger } = recordingPinoLogger();
  const analyst = new TextAnalyst({ models, store, collections, catalog });
  server = await startGrpcTestServer({
    services: { 'demand.v1.TextAnalysis': TextAnalysisService },
    controllers: [TextAnalysisGrpcController],
    providers: [{ provide: TextAnalyst, useValue: analyst }],
    logger,
  });
  client = new TextAnalysisClient(server.address, credentials.createInsecure());
});

afterAll(async () => {
  client.close();
  await server.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function call<Req, Res>(
  method: (request: Req, metadata: Metadata, callback: (error: ServiceError | null, response: Res) => void) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method.call(client, request, new Metadata(), (error, response) => (error ? reject(error) : resolve(response))),
  );
}

const status_ = (code: status, pattern: RegExp) => (error: unknown) =>
  (error as ServiceError).code === code && pattern.test((error as ServiceError).details);

describe('TextAnalysis over gRPC', () => {
  it('Embed, SemanticSearch and Analyze answer through a real channel', async () => {
    const embedded = await call<EmbedRequest, EmbedResponse>(
      client.embed,
      EmbedRequest.fromPartial({ texts: ['连衣裙', 'dress'] }),
    );
    assert.equal(embedded.embeddings.length, 2);
    assert.equal(embedded.embeddings[0]?.values.length, 32);
    const found = await call<SemanticSearchRequest, SemanticSearchResponse>(
      client.semanticSearch,
      SemanticSearchRequest.fromPartial({
        query: '红色连衣裙',
        limit: 2,
        kind: TextKind.TEXT_KIND_ITEM,
        filters: { maxPrice: 1000 },
      }),
    );
    assert.equal(found.hits[0]?.id, 'i-1');
    assert.equal(found.hits.length, 2);
    const analysed = await call<AnalyzeRequest, AnalyzeResponse>(
      client.analyze,
      AnalyzeRequest.fromPartial({ text: '非常满意' }),
    );
    assert.equal(analysed.sentiment?.label, 'positive');
    assert.ok((analysed.sentiment?.probability ?? 0) > 0.5);
  });

  it('maps bad input to INVALID_ARGUMENT, loading models to UNAVAILABLE and a full queue to RESOURCE_EXHAUSTED', async () => {
    await assert.rejects(
      call(client.semanticSearch, SemanticSearchRequest.fromPartial({ query: '', limit: 5 })),
      status_(status.INVALID_ARGUMENT, /^query: must not be empty/),
    );
    models.unavailable = 'the default text encoder and heads are being trained; retry shortly';
    await assert.rejects(
      call(client.analyze, AnalyzeRequest.fromPartial({ text: '你好' })),
      status_(status.UNAVAILABLE, /being trained/),
    );
    models.unavailable = undefined;
    const encode = models.encoderImpl.encode;
    models.encoderImpl.encode = async () => {
      throw new EncoderError('QUEUE_FULL', 'encoder queue full: 20000 texts queued');
    };
    try {
      await assert.rejects(
        call(client.embed, EmbedRequest.fromPartial({ texts: ['x'] })),
        status_(status.RESOURCE_EXHAUSTED, /queue full/),
      );
    } finally {
      models.encoderImpl.encode = encode;
    }
  });
});
