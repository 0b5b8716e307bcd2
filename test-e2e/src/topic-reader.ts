import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { Headers, type TopicDefinition, valuesOfRecord } from '@demand/contracts';

/** Every record of a topic from the beginning up to its current end (read by a throw-away group). */
export async function readWholeTopic(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  timeoutMs = 60_000,
): Promise<KafkaMessage[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  if (total === 0) return [];
  const consumer = kafka.consumer({
    groupId: `reader-${topic}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    maxWaitTimeInMs: 100,
  });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${messages.length} of ${total} records of ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachBatch: async ({ batch }) => {
          messages.push(...batch.messages);
          if (messages.length >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** The values of a record as read by `readWholeTopic`: one, or all of a batched record's. */
export function recordValues<T>(topic: TopicDefinition<T>, record: KafkaMessage): T[] {
  const contentType = record.headers?.[Headers.contentType]?.toString();
  return valuesOfRecord(topic, record.value!, contentType);
}

/** Every value of a topic from the beginning up to its current end, batched records unpacked. */
export async function readWholeTopicValues<T>(kafka: Kafka, admin: Admin, topic: TopicDefinition<T>): Promise<T[]> {
  return (await readWholeTopic(kafka, admin, topic.name)).flatMap((record) => recordValues(topic, record));
}
