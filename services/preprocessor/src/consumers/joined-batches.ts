import { isTransient } from '@demand/bus';
import { activeContext, type Context, inContext, inSpan, type Logger } from '@demand/telemetry';

/** A position in a pass's input that was rejected, and why. */
export interface Rejection {
  index: number;
  reason: string;
}

/** One cleaning pass: its input, in order, in; the positions to dead-letter out. */
export type Pass<T> = (values: readonly T[]) => Promise<{ rejected: readonly Rejection[] }>;

export interface JoinLimits {
  /** Values in one joined pass, at most (a larger batch still goes alone). */
  readonly maxValues: number;
  /** How long the first batch of a pass waits for others to join it (0: until the event loop's next turn). */
  readonly lingerMs: number;
}

/** Where a joined pass that failed and fell back to one pass per batch is told. */
export interface JoinWatch {
  readonly logger: Pick<Logger, 'warn'>;
  /** Counts joined passes that failed (not transiently) and ran each batch alone. */
  readonly fallbacks: { inc(): void };
}

interface Member<T> {
  readonly values: readonly T[];
  readonly done: PromiseWithResolvers<Rejection[]>;
  /** The trace context of the handler that handed the batch over. */
  readonly trace: Context;
}

/**
 * Joins the batches the consumer's partitions hand over at about the same time into one pass (one
 * cleaning, one publish of larger records) instead of one pass per partition: the per-pass costs
 * (a produce per topic, a record per output partition, bot assessment, metrics) are then paid once per
 * fetch. Each caller gets back its own batch's rejections. Passes may overlap, as partitions did.
 *
 * Order per key holds: a partition hands over its next batch only after its pass settled. When a
 * joined pass fails for a reason other than a transient one, each batch runs again alone, so one
 * batch's failure (the bus then isolates its records) never fails another partition's batch.
 */
export class JoinedBatches<T> {
  private waiting: Member<T>[] = [];
  private waitingValues = 0;
  /** Cancels the pending flush's timer; set while a batch waits for others. */
  private cancelFlush: (() => void) | undefined;

  constructor(
    private readonly pass: Pass<T>,
    private readonly limits: JoinLimits,
    private readonly watch: JoinWatch,
  ) {}

  /** Runs the batch in the next pass; resolves with its rejected positions once that pass is published. */
  submit(values: readonly T[]): Promise<Rejection[]> {
    if (this.waitingValues + values.length > this.limits.maxValues) this.flush();
    const member: Member<T> = { values, done: Promise.withResolvers(), trace: activeContext() };
    this.waiting.push(member);
    this.waitingValues += values.length;
    if (this.waitingValues >= this.limits.maxValues) this.flush();
    else this.cancelFlush ??= this.scheduleFlush();
    return member.done.promise;
  }

  private scheduleFlush(): () => void {
    if (this.limits.lingerMs > 0) {
      const timeout = setTimeout(() => this.flush(), this.limits.lingerMs);
      return () => clearTimeout(timeout);
    }
    const immediate = setImmediate(() => this.flush());
    return () => clearImmediate(immediate);
  }

  private flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = undefined;
    const members = this.waiting;
    this.waiting = [];
    this.waitingValues = 0;
    if (members.length === 1) this.runAlone(members[0]!);
    else if (members.length > 1) void this.runJoined(members);
  }

  /** The pass as a promise, also when it throws before returning one (`Promise.try`, not in the ES2024 lib). */
  private started(values: readonly T[]): ReturnType<Pass<T>> {
    return new Promise((resolve) => resolve(this.pass(values)));
  }

  /** In its own handler's trace context, whichever handler's turn flushed it. */
  private runAlone(member: Member<T>): void {
    inContext(member.trace, () => this.started(member.values)).then(
      ({ rejected }) => member.done.resolve([...rejected]),
      (error: unknown) => member.done.reject(error),
    );
  }

  /** In a span of its own, linked to each member's handler span, not in the one whose turn flushed it. */
  private async runJoined(members: readonly Member<T>[]): Promise<void> {
    try {
      await inSpan(
        'joined pass',
        { parent: 'root', links: members.map((member) => member.trace), attributes: { batches: members.length } },
        () => this.joinedPass(members),
      );
    } catch (error) {
      // Settled members stay as they are; the others must not wait forever.
      for (const member of members) member.done.reject(error);
    }
  }

  private async joinedPass(members: readonly Member<T>[]): Promise<void> {
    const starts: number[] = [];
    const values: T[] = [];
    for (const member of members) {
      starts.push(values.length);
      for (const value of member.values) values.push(value);
    }
    let rejected: readonly Rejection[];
    try {
      ({ rejected } = await this.started(values));
    } catch (error) {
      if (isTransient(error)) for (const member of members) member.done.reject(error);
      else {
        this.watch.fallbacks.inc();
        this.watch.logger.warn(
          { batches: members.length, values: values.length, err: error },
          'joined pass failed; running each batch alone',
        );
        for (const member of members) this.runAlone(member);
      }
      return;
    }
    const byMember: Rejection[][] = members.map(() => []);
    for (const { index, reason } of rejected) {
      if (!Number.isInteger(index) || index < 0 || index >= values.length) {
        throw new Error(`pass rejected position ${index}, outside its ${values.length} values`);
      }
      let m = members.length - 1;
      while (starts[m]! > index) m--;
      byMember[m]!.push({ index: index - starts[m]!, reason });
    }
    members.forEach((member, m) => member.done.resolve(byMember[m]!));
  }
}
