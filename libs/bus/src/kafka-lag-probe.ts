import type { Admin, Kafka } from 'kafkajs';
import { BusError, errorMessage, isRetriableKafkaFailure } from './errors.js';
import { kafkaClient, type KafkaConnectionOptions } from './kafka-connection.js';
import { tenantName } from './tenant.js';

/** A consumer group and the topic it reads, as the services name them (the probe adds the tenant). */
export interface GroupLagQuery {
  readonly groupId: string;
  readonly registryTopic: string;
}

/**
 * How far a consumer group is behind on a topic: records written but not yet committed by the
 * group, over all partitions (a partition the group never committed counts from its start).
 * A refused login, an untrusted certificate or an authorization failure is permanent until the probe
 * has read a lag once; after that a refused login is transient, as for the bus (errors.ts: KafkaCallStage).
 */
export class KafkaLagProbe {
  private readonly kafka: Kafka;
  /** An admin of its own per connection: kafkajs' admin cannot connect again once disconnected. */
  private connection: Promise<Admin> | undefined;
  /** Set once the probe has read a lag: a login refused after that is credentials being rotated. */
  private readOnce = false;

  constructor(private readonly options: KafkaConnectionOptions) {
    this.kafka = kafkaClient(options);
  }

  /** `registryTopic` and `groupId` as the services name them; the probe reads its tenant's copies. */
  async lag(groupId: string, registryTopic: string): Promise<number> {
    const lags = await this.lags([{ groupId, registryTopic }]);
    return lags[0] as number;
  }

  /**
   * The lag of each group on its topic, in the order asked: each topic's watermarks are read once
   * however many groups read it, and each group's offsets once for all its topics.
   */
  async lags(queries: readonly GroupLagQuery[]): Promise<number[]> {
    const topicOf = (query: GroupLagQuery) => tenantName(query.registryTopic, this.options.tenant);
    const topics = [...new Set(queries.map(topicOf))];
    const topicsByGroup = new Map<string, Set<string>>();
    for (const query of queries) {
      const groupTopics = topicsByGroup.get(query.groupId) ?? new Set<string>();
      topicsByGroup.set(query.groupId, groupTopics.add(topicOf(query)));
    }
    try {
      const admin = await this.connected();
      const [ends, committed] = await Promise.all([
        Promise.all(topics.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)),
        Promise.all(
          [...topicsByGroup].map(async ([groupId, groupTopics]) => {
            const groupName = tenantName(groupId, this.options.tenant);
            const offsets = await admin.fetchOffsets({ groupId: groupName, topics: [...groupTopics] });
            return [groupId, offsets] as const;
          }),
        ),
      ]);
      this.readOnce = true;
      const endsOf = new Map(ends);
      const committedOf = new Map(committed);
      return queries.map((query) => {
        const topic = topicOf(query);
        const done = committedOf.get(query.groupId)?.find((t) => t.topic === topic)?.partitions ?? [];
        return uncommittedRecords(endsOf.get(topic) ?? [], done);
      });
    } catch (error) {
      const which = queries.map((query) => `${query.groupId} on ${topicOf(query)}`).join(', ');
      const at = this.options.brokers.join(',');
      throw new BusError(`cannot read the lag of ${which} at ${at}: ${errorMessage(error)}`, {
        transient: isRetriableKafkaFailure(error, this.readOnce ? 'running' : 'start-up'),
        cause: error,
      });
    }
  }

  /** Disconnects; a later `lag` connects again. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    const admin = await connection?.catch(() => undefined);
    await admin?.disconnect();
  }

  private connected(): Promise<Admin> {
    this.connection ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }
}

/**
 * Per partition, the high watermark less the group's committed offset (the low watermark when the group
 * committed nothing there, or less than what retention left), never below 0; summed.
 */
export function uncommittedRecords(
  ends: readonly { partition: number; high: string; low: string }[],
  committed: readonly { partition: number; offset: string }[],
): number {
  const done = new Map(committed.map((p) => [p.partition, Number(p.offset)]));
  return ends.reduce(
    (sum, end) => sum + Math.max(0, Number(end.high) - Math.max(done.get(end.partition) ?? -1, Number(end.low))),
    0,
  );
}
