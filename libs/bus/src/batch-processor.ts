import type { BatchOutcome, ConsumedRecord, ConsumerSpec, RetryPolicy } from './bus.port.js';
import type { BusMetrics } from './bus.metrics.js';
import type { BusLogger } from './logger.js';
import { backoffDelayMs } from './backoff.js';
import { errorMessage, isTransient } from './errors.js';
import { deadLetterOf, decodeRecord, letterSource, type DeadLetter, type Entry, type RawRecord } from './records.js';
import { inConsumerSpan } from './tracing.js';

/** What the processor needs from the consumer that fetched the batch. */
export interface BatchRuntime {
  /** False once the consumer is stopping or may have lost the partition: give up without committing. */
  isActive(): boolean;
  /** Waits (returning early when the consumer stops) while keeping the group membership alive. */
  sleep(ms: number): Promise<void>;
  /** Runs long work while keeping the group membership alive. */
  keepAlive<R>(work: () => Promise<R>): Promise<R>;
  /** Writes records to the topic's dead-letter topic; resolves once the broker acknowledged. */
  deadLetter(letters: readonly DeadLetter[]): Promise<void>;
  /**
   * Takes the acknowledgement of the batch when the handler returned `durable` (deferred
   * commit), with the number of values it covers (a batched record holds many). Absent: the
   * processor awaits `durable` as part of the handler's attempt.
   */
  defer?(durable: Promise<unknown>, values: number): void;
}

export interface BatchProcessorDeps {
  readonly logger: BusLogger;
  readonly metrics: BusMetrics;
  readonly policy: RetryPolicy;
  readonly random?: () => number;
}

/** `handled`: every record was handled or dead-lettered, commit. `abandoned`: do not commit. */
export type BatchResult = 'handled' | 'abandoned';

type AttemptResult<T> =
  | { kind: 'handled'; outcome: BatchOutcome<T> | undefined; attempts: number }
  | { kind: 'gave-up'; error: unknown; attempts: number }
  | { kind: 'abandoned' };

/**
 * The consumer semantics of the platform, independent of the Kafka client: decode (failures
 * to the DLQ), handle with retries and backoff (transient errors forever, others until the
 * records are isolated one by one and the failing ones dead-lettered), dead-letter what the
 * handler rejected, and only then report the batch as handled.
 */
export class BatchProcessor<T> {
  private failingTransiently = false;

  constructor(
    private readonly spec: ConsumerSpec<T>,
    private readonly deps: BatchProcessorDeps,
  ) {}

  /** True while the latest handler attempts (or dead-letter writes) failed transiently and none has succeeded since. */
  isFailing(): boolean {
    return this.failingTransiently;
  }

  async process(partition: number, rawRecords: readonly RawRecord[], runtime: BatchRuntime): Promise<BatchResult> {
    const started = performance.now();
    const where = this.origin(partition);
    this.deps.metrics.recordsConsumed.inc(this.labels(), rawRecords.length);

    const entries: Entry<T>[] = [];
    const letters: DeadLetter[] = [];
    for (const raw of rawRecords) {
      const decoded = decodeRecord(this.spec.topic, partition, raw);
      if (decoded.ok) for (const entry of decoded.entries) entries.push(entry);
      else letters.push(deadLetterOf(raw, where, { stage: 'decode', reason: decoded.reason }));
    }

    const durables: Promise<unknown>[] = [];
    if (entries.length > 0) {
      const handled = await this.handleEntries(partition, entries, runtime, durables);
      if (handled === 'abandoned') return 'abandoned';
      letters.push(...handled);
    }
    if (letters.length > 0 && !(await this.writeDeadLetters(partition, letters, runtime))) return 'abandoned';
    if (durables.length > 0)
      runtime.defer?.(durables.length === 1 ? durables[0]! : Promise.all(durables), entries.length);
    this.deps.metrics.batchDuration.observe(this.labels(), (performance.now() - started) / 1000);
    return 'handled';
  }

  /** Handles the decoded records; returns the dead letters they produced. */
  private async handleEntries(
    partition: number,
    entries: Entry<T>[],
    runtime: BatchRuntime,
    durables: Promise<unknown>[],
  ): Promise<DeadLetter[] | 'abandoned'> {
    const where = this.origin(partition);
    const batch = await this.attempt(partition, entries, this.deps.policy.attemptsBeforeIsolation, runtime, durables);
    if (batch.kind === 'abandoned') return 'abandoned';
    if (batch.kind === 'handled') return this.rejectedLetters(partition, entries, batch.outcome);
    if (entries.length === 1) {
      return [
        deadLetterOf(letterSource(this.spec.topic, entries[0]!), where, {
          stage: 'handler',
          reason: errorMessage(batch.error),
          attempts: batch.attempts,
        }),
      ];
    }

    this.deps.logger.warn(
      { ...this.logFields(partition, entries), attempts: batch.attempts },
      'batch keeps failing; handling its records one at a time',
    );
    const letters: DeadLetter[] = [];
    for (const entry of entries) {
      const single = await this.attempt(partition, [entry], 1, runtime, durables);
      if (single.kind === 'abandoned') return 'abandoned';
      if (single.kind === 'handled') letters.push(...this.rejectedLetters(partition, [entry], single.outcome));
      else
        letters.push(
          deadLetterOf(letterSource(this.spec.topic, entry), where, {
            stage: 'handler',
            reason: errorMessage(single.error),
            attempts: batch.attempts + single.attempts,
          }),
        );
    }
    return letters;
  }

  /**
   * Calls the handler until it succeeds, the consumer stops, or it has failed with
   * non-transient errors `permanentLimit` times.
   */
  private async attempt(
    partition: number,
    entries: Entry<T>[],
    permanentLimit: number,
    runtime: BatchRuntime,
    durables: Promise<unknown>[],
  ): Promise<AttemptResult<T>> {
    const records = entries.map((e) => e.record);
    const where = { topic: this.spec.topic.name, groupId: this.spec.groupId, partition };
    let attempts = 0;
    let permanentFailures = 0;
    for (;;) {
      if (!runtime.isActive()) return { kind: 'abandoned' };
      attempts += 1;
      try {
        const outcome = await runtime.keepAlive(() =>
          inConsumerSpan(
            where,
            records.map((r) => r.headers),
            () => this.spec.handle(records),
          ),
        );
        if (outcome?.durable) {
          if (runtime.defer) {
            outcome.durable.catch(() => undefined); // observed by whoever takes it; not unhandled if abandoned
            durables.push(outcome.durable);
          } else await runtime.keepAlive(() => outcome.durable!);
        }
        this.failingTransiently = false;
        return { kind: 'handled', outcome: outcome ?? undefined, attempts };
      } catch (error) {
        const transient = isTransient(error);
        this.deps.metrics.handlerFailures.inc({ ...this.labels(), kind: transient ? 'transient' : 'permanent' });
        if (transient) this.failingTransiently = true;
        else permanentFailures += 1;
        const givingUp = !transient && permanentFailures >= permanentLimit;
        this.deps.logger.warn(
          { ...this.logFields(partition, entries), attempt: attempts, transient, err: errorMessage(error) },
          givingUp ? 'handler failed; giving up on these records' : 'handler failed; will retry',
        );
        if (givingUp) return { kind: 'gave-up', error, attempts };
        if (!runtime.isActive()) return { kind: 'abandoned' };
        this.deps.metrics.handlerRetries.inc(this.labels());
        await runtime.sleep(backoffDelayMs(attempts, this.deps.policy, this.deps.random));
      }
    }
  }

  private rejectedLetters(partition: number, entries: Entry<T>[], outcome: BatchOutcome<T> | undefined): DeadLetter[] {
    if (!outcome || outcome.rejected.length === 0) return [];
    const where = this.origin(partition);
    const entryOf = new Map<ConsumedRecord<T>, Entry<T>>(entries.map((e) => [e.record, e]));
    const letters: DeadLetter[] = [];
    for (const { record, reason } of outcome.rejected) {
      const entry = entryOf.get(record);
      if (entry)
        letters.push(deadLetterOf(letterSource(this.spec.topic, entry), where, { stage: 'handler-rejected', reason }));
      else
        this.deps.logger.error(
          { ...this.labels(), partition, offset: record.offset },
          'handler rejected a record that is not in its batch; ignored',
        );
    }
    return letters;
  }

  /** Retries until the DLQ acknowledged the records; false when the consumer stopped first. */
  private async writeDeadLetters(partition: number, letters: DeadLetter[], runtime: BatchRuntime): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await runtime.deadLetter(letters);
        this.failingTransiently = false;
        break;
      } catch (error) {
        this.failingTransiently = true;
        this.deps.logger.error(
          { ...this.labels(), partition, dlq: this.spec.topic.dlq, attempt, err: errorMessage(error) },
          'cannot write to the dead-letter topic; will retry',
        );
        if (!runtime.isActive()) return false;
        await runtime.sleep(backoffDelayMs(attempt, this.deps.policy, this.deps.random));
      }
    }
    for (const letter of letters) {
      this.deps.metrics.recordsDeadLettered.inc({ topic: this.spec.topic.name, stage: letter.stage });
      this.deps.logger.warn(
        {
          ...this.labels(),
          partition,
          offset: letter.offset,
          stage: letter.stage,
          reason: letter.reason,
          dlq: this.spec.topic.dlq,
        },
        'record dead-lettered',
      );
    }
    return true;
  }

  /** Where a dead letter comes from, for its headers. */
  private origin(partition: number): { topic: string; contentType: string; partition: number } {
    return { topic: this.spec.topic.name, contentType: this.spec.topic.contentType, partition };
  }

  private labels(): { topic: string; group: string } {
    return { topic: this.spec.topic.name, group: this.spec.groupId };
  }

  private logFields(partition: number, entries: Entry<T>[]): Record<string, unknown> {
    return { ...this.labels(), partition, firstOffset: entries[0]?.record.offset, records: entries.length };
  }
}
