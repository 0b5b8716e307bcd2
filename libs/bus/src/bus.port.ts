import type { TopicDefinition } from '@demand/contracts';

/** One record as a consumer's handler sees it: the decoded value plus where it came from. */
export interface ConsumedRecord<T> {
  readonly value: T;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly partition: number;
  readonly offset: string;
  /** Record timestamp, milliseconds since the epoch. */
  readonly timestamp: number;
  /** Set for a value out of a batched record: its position there (the values share `offset`). */
  readonly indexInRecord?: number;
}

/** What a handler may say about a batch it handled: records it refuses go to the topic's DLQ. */
export interface BatchOutcome<T> {
  readonly rejected: readonly { readonly record: ConsumedRecord<T>; readonly reason: string }[];
  /**
   * Resolves once the batch's effects are durable (e.g. its rows are in a later, larger insert).
   * Without `ConsumerSpec.deferredCommit` the bus waits for it before committing, as if the
   * handler had awaited it (a rejection retries the batch); with it, the handler's turn ends
   * at once and the offsets are committed, in order per partition, when it resolves.
   */
  readonly durable?: Promise<unknown>;
}

/** Commit on a later acknowledgement (`BatchOutcome.durable`) instead of when the handler returns. */
export interface DeferredCommit {
  /**
   * Records of one partition handled but not yet committed (acknowledged or not) before the next
   * batch of that partition waits for acknowledgements and commits (default 100 000): a handler
   * whose acknowledgements come at once still stops taking batches while commits keep failing.
   */
  readonly maxUnacknowledgedPerPartition?: number;
  /** Asks the handler's side to make what it holds durable now (called on rebalance and stop). */
  flush?(): void;
}

export interface RetryPolicy {
  /**
   * Wait before the second attempt; doubles after each failure. With `deferredCommit` these delays
   * also space a failed commit's retries and the readings again after failed acknowledgements.
   */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Failed attempts (errors without `transient: true`) on the whole batch before its records
   * are handled one at a time and those that still fail are dead-lettered.
   */
  readonly attemptsBeforeIsolation: number;
}

export interface ConsumerSpec<T> {
  readonly groupId: string;
  readonly topic: TopicDefinition<T>;
  /**
   * Handles a batch of records of one partition. Throwing retries the batch (an error with
   * `transient: true` forever, others until the records are isolated); nothing is committed
   * until the whole batch is handled.
   */
  handle(batch: ConsumedRecord<T>[]): Promise<BatchOutcome<T> | void>;
  /** Where a group with no committed offset starts (default: only new records). */
  readonly fromBeginning?: boolean;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Lets the handler return before its records are durable (see `BatchOutcome.durable`). A
   * rejected acknowledgement makes the partition read again from the first record it covered,
   * after a backoff of `retry`'s delays growing with the failures in a row (unhealthy from 5 on);
   * stop() flushes and waits for every acknowledgement, then commits. Absent: commit after handle,
   * one commit request per batch, awaited before the handler's next batch. A handler whose work is
   * done when it returns (no `durable`) may set it too: its batches are then committed after it
   * returned, those of one fetch in one request.
   */
  readonly deferredCommit?: DeferredCommit;
  /**
   * Where this member starts reading, per partition (a seek on each join until it has committed
   * there, a rejoin after a crash too), whatever the group committed before; partitions not named
   * start as `fromBeginning` says.
   */
  readonly startOffsets?: readonly PartitionOffset[];
}

export interface PartitionOffset {
  readonly partition: number;
  readonly offset: string;
}

export interface Subscription {
  readonly groupId: string;
  readonly topic: string;
  /** Stops after the batch in flight (or aborts its retries without committing) and leaves the group. */
  stop(): Promise<void>;
}

export interface PublishOptions<T = unknown> {
  /** Extra headers written on every record of this call (each one costs the producer about as much as a small value). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Writes the topic's batched form (`TopicDefinition.batched`): one record per partition holding
   * all of this call's messages for that partition, in call order. Ignored for topics without one.
   */
  readonly batched?: boolean;
  /**
   * The encoding of the call's `index`th message already at hand, as parts to concatenate (bytes as
   * received plus a field appended, say), so it is not encoded again; undefined: the codec encodes it.
   * A single part becomes the record's value as it is (not copied): it must not change from the call on: the
   * producer may read it until the returned promise settles, and again on retries.
   */
  readonly encodedParts?: (message: T, index: number) => readonly Uint8Array[] | undefined;
  /**
   * With `batched`: each message's partition (same order), when the caller computed it already as
   * `partitionOfKey(topic.keyOf(message), topic.partitions)` does, so only each record's key is hashed (once,
   * not once a message). The publish throws when the length differs from the messages' or a record's key does
   * not hash to its record's partition; a message given its record's partition but another key's is not caught.
   */
  readonly partitions?: readonly number[];
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** cleanup.policy=compact (the local broker keeps every record; it does not compact). */
  readonly compacted?: boolean;
}

/** A topic every replica reads whole (a compacted table such as the catalog), see `EventBus.follow`. */
export interface FollowSpec<T> {
  readonly topic: TopicDefinition<T>;
  /** Prefix of the member's own consumer group; a random suffix makes it this replica's alone. */
  readonly groupPrefix: string;
  handle(batch: ConsumedRecord<T>[]): Promise<void>;
  /**
   * Starts each partition at its first record written at or after this time (epoch ms; Kafka's
   * offsets by timestamp) instead of the topic's start; the end of a partition with none that late.
   */
  readonly since?: number;
}

/** The consumer group member (by its group and topic, as subscribed) whose assignments to watch. */
export interface AssignmentWatch {
  readonly groupId: string;
  readonly topic: Pick<TopicDefinition<unknown>, 'name'>;
}

/** Creates topics that do not exist yet; existing topics are left as they are. */
export interface TopicProvisioner {
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
}

/** The platform's event bus: protobuf records on versioned topics, batch consumers with retries and DLQ. */
export interface EventBus {
  /** Resolves once every record is acknowledged by all in-sync replicas; throws otherwise. */
  publish<T>(topic: TopicDefinition<T>, messages: readonly T[], options?: PublishOptions<T>): Promise<void>;
  /** Resolves once the consumer has joined its group; records then flow to `spec.handle`. */
  subscribe<T>(spec: ConsumerSpec<T>): Promise<Subscription>;
  /**
   * Reads a topic from its start (or from `spec.since`) in a group of this replica's own (every
   * partition), then follows it; resolves once every record that was on it at the call is handled
   * (or dead-lettered).
   */
  follow<T>(spec: FollowSpec<T>): Promise<Subscription>;
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /**
   * Calls `listener` after each join of this bus's member of `consumer.groupId` on `consumer.topic`
   * (the first one and every rebalance) with the topic's partitions the member holds from then on;
   * for subscriptions made before or after the call. Returns a function that stops the calls.
   */
  watchAssignments(consumer: AssignmentWatch, listener: (partitions: readonly number[]) => void): () => void;
  /** False while a consumer keeps failing with transient errors, after a consumer crashed, or once closed. */
  isHealthy(): boolean;
  /** Stops consumers after their in-flight batches, waits for pending publishes, disconnects. */
  close(): Promise<void>;
}
