import { test } from '@jest/globals';
import assert from 'node:assert/strict';
import type { ConsumedRecord } from '@demand/bus';
import { CleanText, TextKind } from '@demand/contracts';
import { ForgottenUsers } from '@demand/forgotten-users';
import { createLogger } from '@demand/telemetry';
import { TextIndexingConsumer } from '../src/consumers/text-indexing.consumer.js';
import type { TextIndexer } from '../src/domain/text-indexer.js';

const FORGOTTEN_AT = Date.parse('2026-12-01T12:00:00Z');

const record = (textId: string, userId: string, timestamp: number): ConsumedRecord<CleanText> => ({
  value: CleanText.fromPartial({ textId, userId, kind: TextKind.TEXT_KIND_REVIEW, maskedText: '很好' }),
  key: userId,
  headers: {},
  partition: 0,
  offset: '0',
  timestamp,
});

test("a forgotten user's texts written before the request are not indexed again; later ones and others' are", async () => {
  const indexed: string[] = [];
  const indexer = {
    indexTexts: async (texts: CleanText[]) => {
      indexed.push(...texts.map((t) => t.textId));
      return { indexed: texts.length };
    },
  } as unknown as TextIndexer;
  const forgotten = new ForgottenUsers();
  forgotten.forget(['p-gone'], new Date(FORGOTTEN_AT));
  const logger = createLogger({ service: 'embedder', level: 'warn', destination: process.stderr as never });
  const consumer = new TextIndexingConsumer(indexer, logger, forgotten);
  await consumer.cleanTexts([
    record('in-flight', 'p-gone', FORGOTTEN_AT - 5_000),
    record('after', 'p-gone', FORGOTTEN_AT + 5_000),
    record('other', 'p-kept', FORGOTTEN_AT - 5_000),
    record('catalog', '', FORGOTTEN_AT - 5_000),
  ]);
  assert.deepEqual(indexed, ['after', 'other', 'catalog']);
});
