import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { Headers, type TopicDefinition, valuesOfRecord } from '@demand/contracts';

/**
 * The topic's offsets. Just after a topic is created by its first produce (a DLQ), kafkajs can find
 * no offsets for its partitions in the broker's answer and fails inside `fetchTopicOffsets`
 * ("Cannot destructure property 'partitions'"): metadata is read again and the call retried a few times.
 */
async function topicOffsets(admin: Admin, topic: string, attempts = 5) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (attempt >= attempts || !(Error.isError(error) && error.name === 'TypeError')) throw error;
      await admin.fetchTopicMetadata({ topics: [topic] });
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** Every record of a topic from the beginning up to its current end (read by a throw-away group). */
export async function readWholeTopic(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  timeoutMs = 60_000,
): Promise<KafkaMessage[]> {
  const offsets = await topicOffsets(admin, topic);
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
