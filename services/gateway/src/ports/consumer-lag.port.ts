/** A consumer group reading a topic. */
export interface GroupOnTopic {
  topic: string;
  group: string;
}

/** Records of a topic its group has not committed yet, read from the broker's offsets. */
export interface ConsumerLagReader {
  /** Lag per `${topic}|${group}`, summed over the topic's partitions. */
  lag(stages: readonly GroupOnTopic[]): Promise<Map<string, number>>;
}

export const lagKey = (stage: GroupOnTopic) => `${stage.topic}|${stage.group}`;
