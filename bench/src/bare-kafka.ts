import { Kafka, logLevel } from 'kafkajs';

/**
 * The ceiling: how fast plain kafkajs moves the same records through the same broker,
 * one produce hop and one consume hop, timed from the first send to the last record read.
 * kafkajs runs as patched for the platform (patches/kafkajs@2.2.4.patch), as the services' clients do.
 */
export async function bareProduceConsumeRate(
  brokers: string[],
  topic: string,
  values: Buffer[],
  batchSize: number,
): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-bare', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `bench-bare-${Date.now()}`, maxWaitTimeInMs: 50 });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  let started = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        received += batch.messages.length;
        if (received >= values.length) resolve(Date.now());
      },
    });
  });
  await new Promise((r) => setTimeout(r, 3000));
  started = Date.now();
  for (let i = 0; i < values.length; i += batchSize) {
    await producer.send({
      topic,
      messages: values.slice(i, i + batchSize).map((value, j) => ({ key: `k${(i + j) % 997}`, value })),
    });
  }
  const finished = await done;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return values.length / ((finished - started) / 1000);
}
