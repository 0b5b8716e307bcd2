import type { Kafka } from 'kafkajs';
import type { TopicProvisioner, TopicSpec } from './bus.port.js';
import { BusError, errorMessage, isRetriableKafkaFailure } from './errors.js';

/** Creates missing topics through Kafka's admin API (real Kafka or Redpanda; not the local mock). */
export class KafkaAdminTopicProvisioner implements TopicProvisioner {
  constructor(
    private readonly kafka: Kafka,
    /** -1 takes the broker's default.replication.factor. */
    private readonly replicationFactor = -1,
  ) {}

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.name));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: this.replicationFactor,
          ...(t.compacted ? { configEntries: [{ name: 'cleanup.policy', value: 'compact' }] } : {}),
        })),
      });
    } catch (error) {
      throw new BusError(`cannot create topics ${topics.map((t) => t.name).join(', ')}: ${errorMessage(error)}`, {
        transient: isRetriableKafkaFailure(error, 'start-up'),
        cause: error,
      });
    } finally {
      await admin.disconnect();
    }
  }
}
