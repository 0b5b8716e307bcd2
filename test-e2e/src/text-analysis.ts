import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import type { Kafka } from 'kafkajs';
import { TextAnalysisClient, type MessageCodec, withApiKey } from '@demand/contracts';
import { unaryCall } from './grpc-call.js';

/** A TextAnalysis client on the platform's embedder. */
export function textAnalysisClient(address: string, apiKey?: string): TextAnalysisClient {
  return new TextAnalysisClient(address, credentials.createInsecure(), withApiKey(apiKey));
}

/** What a probe may meet while the models are not ready: UNAVAILABLE, or no answer in time on a loaded machine. */
const NOT_READY_YET: readonly number[] = [status.UNAVAILABLE, status.DEADLINE_EXCEEDED];
/** One probe's deadline: long enough to be answered while the training worker and the platform hold both cores. */
const PROBE_DEADLINE_MS = 15_000;

/**
 * Waits until the embedder answers Analyze: on a data directory without text models it first trains
 * its default encoder and heads (UNAVAILABLE meanwhile). Past `timeoutMs` it fails with the last
 * probe's code and how many probes ran past their own deadline.
 */
export async function waitForTextModels(client: TextAnalysisClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let timedOut = 0;
  for (;;) {
    const probeMs = Math.max(1_000, Math.min(PROBE_DEADLINE_MS, deadline - Date.now()));
    try {
      await unaryCall((m, o, cb) => client.analyze({ text: '你好' }, m, o, cb), probeMs);
      return;
    } catch (error) {
      const code = (error as ServiceError).code;
      if (!NOT_READY_YET.includes(code)) throw error;
      if (code === status.DEADLINE_EXCEEDED) timedOut++;
      if (Date.now() >= deadline) {
        throw new Error(
          `the text models did not answer in ${timeoutMs} ms: last probe ${status[code]}, ` +
            `${timedOut} probe(s) past their own deadline of up to ${PROBE_DEADLINE_MS} ms`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Every record of a topic from the beginning, decoded (reads until the end offsets seen at the start). */
export async function readTopic<T>(kafka: Kafka, topic: string, codec: MessageCodec<T>): Promise<T[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const values: T[] = [];
  if (wanted === 0) return values;
  const consumer = kafka.consumer({ groupId: `e2e-reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) values.push(codec.decode(message.value));
        if (values.length >= wanted) resolve();
      },
    });
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`read ${values.length} of ${wanted} records of ${topic}`)), 60_000).unref(),
  );
  try {
    await Promise.race([done, timeout]);
  } finally {
    await consumer.disconnect();
  }
  return values;
}
