import 'reflect-metadata';
import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import { Controller, UseFilters } from '@nestjs/common';
import {
  type EmbedRequest,
  type SemanticSearchRequest,
  type TextAnalysisController,
  TextAnalysisControllerMethods,
  TextAnalysisService,
  TextKind,
} from '@demand/contracts';
import { GrpcExceptionFilter } from '@demand/grpc-server';
import { startGrpcTestServer } from '@demand/grpc-server/testing';
import { runCli } from '../src/index.js';
import { capture } from './support/capture-io.js';

const seen: unknown[] = [];

@Controller()
@UseFilters(GrpcExceptionFilter)
@TextAnalysisControllerMethods()
class FakeTextAnalysis implements TextAnalysisController {
  async embed(req: EmbedRequest) {
    return {
      embeddings: req.texts.map((t) => ({ values: [t.length, 0.5] })),
      dimensions: 2,
      encoderVersion: 'text-encoder@1#abcd',
      cold: false,
    };
  }

  async semanticSearch(req: SemanticSearchRequest) {
    seen.push(req);
    if (!req.query) throw Object.assign(new Error('query: must not be empty'), { code: 'INVALID_ARGUMENT' });
    return {
      hits: [
        {
          id: 'i-1',
          score: 0.9,
          kind: TextKind.TEXT_KIND_ITEM,
          text: '夏季连衣裙',
          itemId: 'i-1',
          categoryPath: ['服装'],
          brand: '素语',
          price: 199,
          rating: 0,
          language: 'zh',
          sentiment: '',
          intent: '',
          conversationId: '',
        },
      ],
      encoderVersion: 'v',
      cold: false,
    };
  }

  async analyze() {
    return {
      sentiment: { label: 'negative', probability: 0.9, scores: [], modelVersion: 'sentiment-head@1', cold: false },
      intent: { label: 'return', probability: 0.8, scores: [], modelVersion: 'intent-head@1', cold: false },
      entities: [{ kind: 'category', value: '耳机', normalized: '蓝牙耳机', start: 3, end: 5, attribute: '' }],
      language: 'zh',
      encoderVersion: 'v',
      cold: false,
    };
  }
}

async function fakeEmbedder() {
  seen.length = 0;
  const server = await startGrpcTestServer({
    services: { 'demand.v1.TextAnalysis': TextAnalysisService },
    controllers: [FakeTextAnalysis],
  });
  return { server, seen, address: server.address };
}

test('embed, search and analyze call TextAnalysis at --text-analysis and print JSON', async () => {
  const embedder = await fakeEmbedder();
  try {
    const embed = capture();
    assert.equal(
      await runCli(['--text-analysis', embedder.address, 'embed', '{"texts":["连衣裙","dress"]}'], embed.io),
      0,
    );
    assert.deepEqual(JSON.parse(embed.out.stdout).embeddings, [{ values: [3, 0.5] }, { values: [5, 0.5] }]);

    const search = capture();
    const request = {
      query: '夏季连衣裙',
      kind: 'TEXT_KIND_ITEM',
      limit: 5,
      filters: { categories: ['服装'], maxPrice: 300 },
    };
    assert.equal(await runCli(['--text-analysis', embedder.address, 'search', JSON.stringify(request)], search.io), 0);
    assert.equal(JSON.parse(search.out.stdout).hits[0].itemId, 'i-1');
    const sent = embedder.seen[0] as SemanticSearchRequest;
    assert.equal(sent.limit, 5);
    assert.equal(sent.kind, TextKind.TEXT_KIND_ITEM);
    assert.equal(sent.filters?.maxPrice, 300);
    assert.deepEqual(sent.filters?.categories, ['服装']);

    const analyze = capture();
    assert.equal(
      await runCli(['--text-analysis', embedder.address, 'analyze', '{"text":"收到的耳机是坏的"}'], analyze.io),
      0,
    );
    const answer = JSON.parse(analyze.out.stdout);
    assert.equal(answer.sentiment.label, 'negative');
    assert.equal(answer.intent.label, 'return');
    assert.equal(answer.entities[0].normalized, '蓝牙耳机');

    const failed = capture();
    assert.equal(await runCli(['--text-analysis', embedder.address, 'search', '{"query":""}'], failed.io), 1);
    assert.equal(failed.out.stderr, 'error: INVALID_ARGUMENT: query: must not be empty\n');
    const help = capture();
    assert.equal(await runCli(['help'], help.io), 0);
    assert.match(help.out.stdout, /analyze\s+demand\.v1\.TextAnalysis\/Analyze/);
    assert.match(help.out.stdout, /--text-analysis 127\.0\.0\.1:50053/);
  } finally {
    await embedder.server.close();
  }
});
